"""The shipped production start, ``manage.py quire_serve``, with real processes: under load,
a web worker killed outright is replaced while the site keeps answering; a killed task
worker comes back and finishes the task it was running; a killed granian is started again;
SIGTERM stops everything.

The server runs on a SQLite database of its own in a temporary folder (the test database
is not shared with other processes)."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django_tasks import task

# serialized_rollback: the database starts from what migrations made (root page, registry),
# whatever the tests before emptied.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


@task()
def hang_once(marker: str) -> str:
    """Hangs the first time it runs (until its worker is killed); returns the second."""
    path = Path(marker)
    if path.exists():
        return "finished on the second try"
    path.write_text("running")
    time.sleep(120)
    return "never killed"


# Enqueues hang_once, prints its id, then waits for it to finish and prints the outcome.
ENQUEUE_AND_WAIT = """
import sys, time, django
django.setup()
from tests.transactional.test_serve import hang_once
result = hang_once.enqueue(sys.argv[1])
print(result.id, flush=True)
deadline = time.monotonic() + 45
while not result.is_finished and time.monotonic() < deadline:
    time.sleep(0.3)
    result.refresh()
print(result.status, result.return_value if result.is_finished else "", result.worker_ids)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except OSError:
        return False


def _until(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"{what}: not within {seconds} s")


def _get(url: str) -> int | str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - 127.0.0.1
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError as error:
        return type(error).__name__


class Load:
    """A few threads asking for cached and uncached pages; every answer with its time."""

    def __init__(self, base: str, threads: int = 4):
        self.base, self.results, self.running = base, [], True
        self.threads = [threading.Thread(target=self._run, args=(n,)) for n in range(threads)]

    def _run(self, n: int) -> None:
        i = 0
        while self.running:
            i += 1
            # Every other request passes the page cache by (an unknown parameter).
            path = "/" if i % 2 else f"/?load={n}-{i}"
            started = time.monotonic()
            status = _get(self.base + path)
            self.results.append((started, time.monotonic(), path, status))

    def since(self, moment: float) -> list[tuple[str, int | str]]:
        return [(path, status) for at, _, path, status in list(self.results) if at > moment]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        for thread in self.threads:
            thread.join()


@pytest.fixture
def server_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "CACHE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="quire.settings.production",
        SECRET_KEY="serve-test-" + "k" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path}/quire.sqlite3",
        CACHE_URL="locmemcache://serve-test",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_ROOT=str(tmp_path / "private"),
        QUIRE_PAGE_CACHE_FILE=str(tmp_path / "pagecache"),
        EMAIL_URL="dummymail://",
    )
    manage = [PYTHON, "manage.py"]
    run = {"cwd": ROOT, "env": env, "stdout": subprocess.DEVNULL}
    steps = [
        subprocess.Popen([*manage, "migrate", "--noinput", "-v", "0"], **run),  # noqa: S603
        subprocess.Popen([*manage, "collectstatic", "--noinput", "-v", "0"], **run),  # noqa: S603
    ]
    assert [step.wait(120) for step in steps] == [0, 0]
    subprocess.run([*manage, "quire_setup"], check=True, timeout=60, **run)  # noqa: S603
    return env


def test_the_site_survives_a_dead_web_worker_and_a_dead_task_worker(server_env, tmp_path):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = (tmp_path / "serve.log").open("w")
    supervisor = subprocess.Popen(  # noqa: S603 - our own interpreter and command
        [PYTHON, "manage.py", "quire_serve", "--port", str(port), "--workers", "2"],
        cwd=ROOT,
        env=server_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _until(lambda: supervisor.poll() is not None or _get(base + "/") == 200, 60, "an answer")
        assert supervisor.poll() is None, "quire_serve stopped"
        kids = _children(supervisor.pid)
        web = next(pid for pid in kids if "granian" in _cmdline(pid))
        tasks = next(pid for pid in kids if "quire_task_worker" in _cmdline(pid))
        workers = _until(lambda: len(_children(web)) == 2 and _children(web), 30, "2 workers")

        # 1. A web worker dies under load: the other answers, granian starts a new one.
        with Load(base) as load:
            _until(lambda: len(load.results) >= 8, 30, "answers under load")
            killed = time.monotonic()
            os.kill(workers[0], signal.SIGKILL)
            replaced = _until(
                lambda: len(now := _children(web)) == 2 and workers[0] not in now and now,
                30,
                "a new web worker",
            )
            # Requests in flight at the kill may fail; every later one is answered.
            settled = _until(
                lambda: len(after := load.since(killed + 1.0)) >= 20 and after, 30, "requests"
            )
        assert [r for r in settled if r[1] != 200] == []
        before = [(path, status) for _, end, path, status in load.results if end < killed]
        assert before and all(status == 200 for _, status in before)
        assert _alive(web) and workers[1] in replaced

        # 2. The task worker dies in the middle of a task: a new one takes the task back.
        marker = tmp_path / "hang-once"
        waiter = subprocess.Popen(  # noqa: S603
            [PYTHON, "-c", ENQUEUE_AND_WAIT, str(marker)],
            cwd=ROOT,
            env=server_env,
            stdout=subprocess.PIPE,
            text=True,
        )
        _until(marker.exists, 30, "the task starts")
        os.kill(tasks, signal.SIGKILL)
        new_tasks = _until(
            lambda: [
                pid
                for pid in _children(supervisor.pid)
                if pid != tasks and "quire_task_worker" in _cmdline(pid)
            ],
            10,
            "a new task worker",
        )
        out, _ = waiter.communicate(timeout=60)
        assert out.splitlines()[-1].startswith("SUCCESSFUL finished on the second try")
        assert _get(base + "/") == 200

        # 3. granian's own main process dies: its workers go with it, a new granian starts.
        os.kill(web, signal.SIGKILL)
        _until(lambda: not any(_alive(pid) for pid in replaced), 10, "the old workers end")
        new_web = _until(
            lambda: [
                pid
                for pid in _children(supervisor.pid)
                if pid != web and "granian" in _cmdline(pid)
            ],
            10,
            "a new granian",
        )
        _until(lambda: _get(base + "/") == 200, 60, "the site answers again")
        new_workers = _children(new_web[0])

        # 4. SIGTERM stops everything, in order.
        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(40) == 0
        assert not any(_alive(pid) for pid in [*new_web, *new_workers, *new_tasks])
    finally:
        left = _children(supervisor.pid)
        if supervisor.poll() is None:
            supervisor.kill()
            supervisor.wait()
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
        log.close()
        print((tmp_path / "serve.log").read_text()[-5000:])


def test_a_dead_workers_task_is_queued_again_once_then_failed():
    from django_tasks_db.models import DBTaskResult

    from quire.core.management.commands.quire_task_worker import tasks_recover

    mine = DBTaskResult.objects.get(pk=hang_once.enqueue("unused").id)
    other = DBTaskResult.objects.get(pk=hang_once.enqueue("unused").id)
    mine.claim("dead-1")
    other.claim("alive")
    assert tasks_recover(["dead-1"]) == (1, 0)
    mine.refresh_from_db()
    assert mine.status == "READY" and DBTaskResult.objects.ready().filter(pk=mine.pk).exists()
    mine.claim("dead-2")
    assert tasks_recover(["dead-1", "dead-2"]) == (0, 1)
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.status == "FAILED" and "twice" in mine.traceback
    assert other.status == "RUNNING"


def test_quire_serve_refuses_debug_and_uncollected_static_files(settings, tmp_path):
    from django.core.management import CommandError, call_command

    settings.DEBUG = True
    with pytest.raises(CommandError, match="DEBUG is on"):
        call_command("quire_serve")
    settings.DEBUG = False
    settings.STATIC_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with pytest.raises(CommandError, match="collectstatic"):
        call_command("quire_serve")
