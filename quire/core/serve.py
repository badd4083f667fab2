"""Keep Quire's processes running: granian (which itself respawns a web worker that dies)
and the task workers. A process that exits is started again after a pause that doubles
while it keeps failing (1 s up to 30 s); SIGTERM or SIGINT stops everything in order.

Standard library only: ``manage.py quire_serve`` checks the settings and then replaces
itself with ``python -m quire.core.serve SPEC``, so the supervisor does not keep Django's
~120 MB in memory for the life of the site.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field

log = logging.getLogger("quire.serve")

FIRST_PAUSE = 1.0
LONGEST_PAUSE = 30.0
# A process that ran this long before it exited was not failing at start: no long pause.
STEADY_SECONDS = 30.0
# After the stop timeout, a second SIGTERM: the task worker then marks the task it is
# running as failed (django-tasks-db) instead of leaving it "running"; then SIGKILL.
LAST_CALL_SECONDS = 5.0
TICK = 0.2


@dataclass
class Child:
    name: str
    command: list[str]
    task_worker: bool = False
    slot: int = 0
    process: subprocess.Popen | None = None
    started: float = 0.0
    due: float = 0.0
    pause: float = FIRST_PAUSE
    spawned: int = 0
    worker_id: str = ""
    # Task workers that died without finishing: the next one takes back their tasks.
    dead_ids: list[str] = field(default_factory=list)

    def argv(self) -> list[str]:
        if not self.task_worker:
            return self.command
        self.worker_id = f"{socket.gethostname()[:32]}:{os.getpid()}:{self.slot}:{self.spawned}"
        recover = [arg for dead in self.dead_ids for arg in ("--recover", dead)]
        return [*self.command, "--worker-id", self.worker_id, *recover]

    def start(self) -> None:
        self.spawned += 1
        # A session of its own: Ctrl-C in a terminal reaches only the supervisor, which
        # stops the children in order, and a child's whole group can be killed at once.
        self.process = subprocess.Popen(  # noqa: S603 - our own commands
            self.argv(), start_new_session=True, preexec_fn=_stop_with_parent
        )
        self.started = time.monotonic()
        log.info("started the %s (pid %d)", self.name, self.process.pid)

    def check(self, now: float) -> None:
        """Start it when due; notice when it has exited and plan the next start."""
        if self.process is None:
            if now >= self.due:
                self.start()
            return
        code = self.process.poll()
        if code is None:
            return
        lived = now - self.started
        # A web server's main process that died leaves its workers holding the port.
        _kill_group(self.process.pid)
        if lived >= STEADY_SECONDS:
            # It started properly, so it took back what its predecessors left.
            self.pause, self.dead_ids = FIRST_PAUSE, []
        log.warning(
            "the %s (pid %d) stopped (%s) after %.1f s; starting it again in %.0f s",
            *(self.name, self.process.pid, _how(code), lived, self.pause),
        )
        if self.task_worker and code != 0:
            # Taking back twice is harmless (only tasks still "running" under that id).
            self.dead_ids = [*self.dead_ids[-9:], self.worker_id]
        self.due = now + self.pause
        self.pause = min(self.pause * 2, LONGEST_PAUSE)
        self.process = None

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal(self, signum: int) -> None:
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.process.pid, signum)


class Supervisor:
    def __init__(self, children: list[Child], stop_timeout: float):
        self.children = children
        self.stop_timeout = stop_timeout
        self.stopping = 0  # signals received

    def on_signal(self, signum: int, frame) -> None:
        self.stopping += 1
        if self.stopping == 1:
            log.info("%s: stopping (a second signal hurries it)", signal.Signals(signum).name)

    def run(self) -> int:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self.on_signal)
        while not self.stopping:
            now = time.monotonic()
            for child in self.children:
                child.check(now)
            time.sleep(TICK)
        self.stop()
        return 0

    def stop(self) -> None:
        for child in self.children:
            child.signal(signal.SIGTERM)
        self._wait(self.stop_timeout, hurry=True)
        running = [child for child in self.children if child.alive()]
        for child in running:
            log.warning("the %s did not stop in time; asking once more", child.name)
            child.signal(signal.SIGTERM)
        self._wait(LAST_CALL_SECONDS, hurry=False)
        for child in self.children:
            if child.alive():
                log.warning("the %s (pid %d) is killed", child.name, child.process.pid)
            if child.process is not None:
                _kill_group(child.process.pid)
                child.process.wait()
        log.info("stopped")

    def _wait(self, seconds: float, hurry: bool) -> None:
        deadline = time.monotonic() + seconds
        signals = self.stopping
        while any(child.alive() for child in self.children) and time.monotonic() < deadline:
            if hurry and self.stopping > signals:
                return
            time.sleep(0.05)


def _how(code: int) -> str:
    if code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def _stop_with_parent() -> None:
    """In the child before it runs: if the supervisor is killed outright, the child gets
    SIGTERM (Linux), so no server is left holding the port."""
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGTERM)


def main(argv: list[str]) -> int:
    """``SPEC`` is JSON: {"web": argv, "tasks": argv, "task_workers": n, "stop_timeout": s}."""
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s [quire_serve] %(levelname)s %(message)s",
        stream=sys.stderr,
    )
    spec = json.loads(argv[0])
    children = [Child("web server", spec["web"])]
    children += [
        Child(f"task worker {n + 1}", spec["tasks"], task_worker=True, slot=n + 1)
        for n in range(spec["task_workers"])
    ]
    log.info("supervisor pid %d", os.getpid())
    return Supervisor(children, spec["stop_timeout"]).run()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
