"""Soak: Quire on the production setup for N minutes at 50 connections, with one web
worker and the task worker killed outright along the way.

The site runs exactly as shipped (`manage.py quire_serve`, quire.settings.production) on a
demo database of its own (var/soak.sqlite3, built once: migrate, quire_setup, quire_demo).
The connections mix cached pages (anonymous readers), uncached pages (a parameter the
cache does not know, and signed-in readers), searches, and comment posts by signed-in
accounts with real form tokens taken from the hub page, each account on an address of
its own (127.x.y.z) so that the per-account and per-address limits are the site's own,
not the benchmark's. At 40% of the run one granian worker gets SIGKILL, at 60% the task
worker does. Reported: requests, 5xx and connection errors (those in flight at a kill
apart), comments accepted (the site answered with a redirect to the comment) against
comments stored, tasks, and each process's memory at the start and the end.

    .venv/bin/python bench/soak.py --minutes 1            # a short check
    .venv/bin/python bench/soak.py --minutes 10 --write   # the figures in RESULTS.md

Runs by hand; not part of the tests.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import random
import re
import secrets
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from page_speed import commit, machine  # the machine as page_speed describes it

VAR = ROOT / "var"
PYTHON = sys.executable
HOST = "127.0.0.1"
PASSWORD = "soak-password-not-secret-1"  # noqa: S105 - throwaway demo accounts
POST_EVERY = 15.0  # seconds between one account's comments: 4 a minute, under the 5 allowed
RECONNECT = 0.01  # chance that a request opens a new connection
THINK = 4.0  # seconds between fetching the form and posting it (the minimum is 3)

# -- setup ------------------------------------------------------------------------------


def site_env(args, workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "CACHE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="quire.settings.production",
        SECRET_KEY="soak-only-" + "s" * 50,
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=args.database_url,
        CACHE_URL=args.cache_url,
        STATIC_ROOT=str(VAR / "soak-static"),
        MEDIA_ROOT=str(VAR / "soak-media"),
        PRIVATE_ROOT=str(VAR / "soak-private"),
        QUIRE_PAGE_CACHE_FILE=str(workdir / "pagecache-generations"),
        EMAIL_URL="dummymail://",
    )
    return env


def manage(env, *command: str) -> None:
    subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)


def build(args, env) -> None:
    marker = VAR / f"soak-{args.authors}-{args.articles}.built"
    if marker.exists() and args.database_url == default_database():
        print(f"Demo database: ready ({args.database_url}).")
    else:
        VAR.mkdir(exist_ok=True)
        started = time.monotonic()
        print(f"Building the demo ({args.authors} authors, {args.articles} hubs) …", flush=True)
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "quire_setup")
        manage(env, "quire_demo", "--if-empty", "--authors", str(args.authors),
               "--articles", str(args.articles))  # fmt: skip
        marker.touch()
        print(f"  built in {time.monotonic() - started:.0f} s")
    print("Migrating (new migrations since the build) and collecting static files …", flush=True)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")


def default_database() -> str:
    return f"sqlite:///{VAR}/soak.sqlite3"


def django_here(task: str, *args: str, env) -> dict:
    """Run one of the functions below in a Django process on the soak's database."""
    out = subprocess.run(
        [PYTHON, __file__, f"--{task}", *args],
        cwd=ROOT, env=env, check=True, text=True, capture_output=True,
    ).stdout  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare_here(run: str, accounts: int) -> None:
    """Accounts with verified addresses, and the addresses to ask for."""
    _setup_django()
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from quire.articles.models import ArticlePage, ChannelPage
    from quire.authors.models import AuthorProfile

    user_model = get_user_model()
    emails = []
    for n in range(accounts):
        email = f"soak-{run}-{n}@example.org"
        user = user_model.objects.create_user(
            username=f"soak-{run}-{n}", email=email, password=PASSWORD,
            first_name="Soak", last_name=f"Reader {n}",
        )  # fmt: skip
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        emails.append(email)
    hubs = list(ArticlePage.objects.live().public().order_by("?")[:400])
    words = sorted({w.lower() for hub in hubs for w in re.findall(r"[A-Za-z]{5,}", hub.title)})
    print(
        json.dumps(
            {
                "emails": emails,
                "hubs": [hub.url for hub in hubs],
                "comment_hubs": [hub.url for hub in hubs if hub.comments_open][:60],
                "channels": [c.url for c in ChannelPage.objects.live()],
                "profiles": [
                    p.get_absolute_url()
                    for p in AuthorProfile.objects.filter(user__in={h.owner_id for h in hubs})
                ],
                "words": words[:300],
            }
        )
    )


def count_here(run: str, since: str) -> None:
    """What the database holds after the run: the soak accounts' comments, and tasks."""
    _setup_django()
    from django.db.models import Count
    from django.utils.dateparse import parse_datetime
    from django_tasks_db.models import DBTaskResult

    from quire.comments.models import Comment

    comments = Comment.objects.filter(user__username__startswith=f"soak-{run}-")
    tokens = [m for text in comments.values_list("text", flat=True) for m in TOKEN.findall(text)]
    tasks = DBTaskResult.objects.filter(enqueued_at__gte=parse_datetime(since))
    print(
        json.dumps(
            {
                "tokens": tokens,
                "statuses": dict(Counter(comments.values_list("status", flat=True))),
                "tasks": {
                    row["status"]: row["n"]
                    for row in tasks.values("status").annotate(n=Count("id"))
                },
            }
        )
    )


TOKEN = re.compile(r"soak-[0-9a-f]+-\d+-\d+")

# -- the server -------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def processes(supervisor: int) -> dict[str, list[int]]:
    found = {"supervisor": [supervisor], "granian": [], "web workers": [], "task worker": []}
    for pid in children(supervisor):
        if "granian" in cmdline(pid):
            found["granian"].append(pid)
            found["web workers"] += children(pid)
        elif "quire_task_worker" in cmdline(pid):
            found["task worker"].append(pid)
    return found


def memory(supervisor: int) -> dict[str, list[tuple[int, float]]]:
    return {
        name: [(pid, rss_mib(pid)) for pid in pids] for name, pids in processes(supervisor).items()
    }


# -- the load ---------------------------------------------------------------------------


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    started: float = field(default_factory=time.monotonic)
    by_kind: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    latencies: dict = field(default_factory=lambda: defaultdict(list))
    failures: list = field(default_factory=list)  # (start, end, kind, path, status or error)
    kills: list = field(default_factory=list)  # (time, what, pid)
    accepted: set = field(default_factory=set)
    refused: Counter = field(default_factory=Counter)
    unanswered: set = field(default_factory=set)  # posts with no answer (at a kill)
    # Each account's posts: (sent, answered, accepted); to check refusals against the rule.
    posts: dict = field(default_factory=lambda: defaultdict(list))

    def record(self, kind: str, path: str, start: float, status) -> None:
        end = time.monotonic()
        with self.lock:
            self.by_kind[kind] += 1
            self.statuses[status if isinstance(status, int) else "error"] += 1
            self.latencies[kind].append(end - start)
            if not isinstance(status, int) or status >= 500:
                self.failures.append((start, end, kind, path, status))


class Client:
    """One keep-alive connection from its own source address, with its own cookies."""

    def __init__(self, port: int, source: str):
        self.port, self.source = port, source
        self.cookies: dict[str, str] = {}
        self.random = random.Random(source)
        self.conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        # An idle connection the server closed (a worker that died) reads as ready: open
        # a new one before sending, as browsers and urllib3 do.
        if self.conn is not None and self.conn.sock is not None:
            readable, _, _ = select.select([self.conn.sock], [], [], 0)
            if readable:
                self.conn.close()
                self.conn = None
        # Browsers do not keep one connection for ever: a new one now and then, which also
        # lets a respawned web worker take its share.
        if self.conn is not None and self.random.random() < RECONNECT:
            self.conn.close()
            self.conn = None
        if self.conn is None:
            self.conn = http.client.HTTPConnection(
                HOST, self.port, timeout=60, source_address=(self.source, 0)
            )
        return self.conn

    def request(self, method: str, path: str, body: dict | None = None, text: bool = False):
        """(status or error name, body, Location); the body decompressed when ``text``."""
        headers = {"Host": f"{HOST}:{self.port}", "Accept-Encoding": "gzip"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://{HOST}:{self.port}"
        try:
            conn = self._connection()
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException) as error:
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            return type(error).__name__, b"", None
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        if response.headers.get("Connection", "").lower() == "close":
            conn.close()
            self.conn = None
        if text and response.headers.get("Content-Encoding") == "gzip":
            payload = gzip.decompress(payload)
        return response.status, payload, response.headers.get("Location")


def field_value(html: str, name: str) -> str | None:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    return match[1] if match else None


class Reader(threading.Thread):
    """An anonymous reader: cached pages mostly, some uncached ones, some searches."""

    def __init__(self, n, port, source, site, stats, deadline):
        super().__init__(daemon=True)
        self.client = Client(port, source)
        self.site, self.stats, self.deadline, self.n = site, stats, deadline, n
        self.random = random.Random(n)

    def pick(self) -> tuple[str, str]:
        r, site = self.random.random(), self.site
        if r < 0.70:
            pages = ["/", *site["channels"], *site["profiles"], *site["hubs"], "/feeds/"]
            return "cached", self.random.choice(pages)
        if r < 0.85:
            page = self.random.choice(site["hubs"] + site["channels"])
            return "uncached", f"{page}?soak={self.n}-{self.random.randrange(10**9)}"
        query = " ".join(self.random.sample(site["words"], self.random.choice([1, 1, 2])))
        return "search", "/search/?" + urlencode({"q": query})

    def get(self, kind: str, path: str, text: bool = False):
        start = time.monotonic()
        status, payload, location = self.client.request("GET", path, text=text)
        self.stats.record(kind, path, start, status)
        return status, payload, location

    def run(self) -> None:
        while time.monotonic() < self.deadline:
            self.get(*self.pick())


class Writer(Reader):
    """A signed-in reader: every page uncached; posts a comment every POST_EVERY seconds,
    from the form of the hub page fetched THINK seconds before."""

    def __init__(self, n, port, source, site, stats, deadline, email, run):
        super().__init__(n, port, source, site, stats, deadline)
        self.email, self.run_id, self.posted = email, run, 0

    def sign_in(self) -> bool:
        status, payload, _ = self.get("uncached", "/accounts/login/", text=True)
        token = field_value(payload.decode(errors="replace"), "csrfmiddlewaretoken")
        start = time.monotonic()
        status, _, _ = self.client.request(
            "POST",
            "/accounts/login/",
            {"csrfmiddlewaretoken": token or "", "login": self.email, "password": PASSWORD},
        )
        self.stats.record("sign-in", "/accounts/login/", start, status)
        self.last_sign_in = status
        return status == 302 and "sessionid" in self.client.cookies

    def pick(self) -> tuple[str, str]:
        kind, path = super().pick()
        return ("uncached" if kind == "cached" else kind), path

    def form(self) -> tuple[str, dict] | None:
        hub = self.random.choice(self.site["comment_hubs"])
        status, payload, _ = self.get("uncached", hub, text=True)
        html = payload.decode(errors="replace")
        action = re.search(r'action="(/comments/hub/\d+/)"', html)
        token, rendered = field_value(html, "csrfmiddlewaretoken"), field_value(html, "rendered")
        if status != 200 or not action or not token:
            return None
        return action[1], {"csrfmiddlewaretoken": token, "rendered": rendered or ""}

    def post(self, action: str, fields: dict) -> None:
        self.posted += 1
        mark = f"soak-{self.run_id}-{self.n}-{self.posted}"
        text = (
            f"Thank you for this piece ({mark}). The part about the method made me want "
            "to try it at home this weekend."
        )
        start = time.monotonic()
        status, payload, location = self.client.request(
            "POST", action, {**fields, "text": text, "website": ""}, text=True
        )
        self.stats.record("comment", action, start, status)
        with self.stats.lock:
            accepted = status == 302 and "#comment-" in (location or "")
            self.stats.posts[self.n].append((start, time.monotonic(), accepted))
            if accepted:
                self.stats.accepted.add(mark)
            elif isinstance(status, int):
                found = re.search(r'role="alert">([^<]*)<', payload.decode(errors="replace"))
                self.stats.refused[f"{status}: {found[1] if found else 'no message'}"] += 1
            else:
                self.stats.unanswered.add(mark)
        if location:
            self.get("uncached", location.split("#")[0])  # the browser follows the redirect

    def run(self) -> None:
        if not self.sign_in():
            print(f"  {self.email} could not sign in ({self.last_sign_in})", flush=True)
            return
        next_post = time.monotonic() + self.random.uniform(0, POST_EVERY)
        while time.monotonic() < self.deadline:
            if time.monotonic() >= next_post - THINK:
                next_post += POST_EVERY
                form = self.form()
                ready = time.monotonic() + THINK
                while time.monotonic() < ready and time.monotonic() < self.deadline:
                    self.get(*self.pick())  # reading other pages meanwhile
                if form and time.monotonic() < self.deadline:
                    self.post(*form)
            else:
                self.get(*self.pick())


# -- the run ----------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--writers", type=int, default=20, help="signed-in connections")
    parser.add_argument("--workers", type=int, default=2, help="granian workers")
    parser.add_argument("--authors", type=int, default=100)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--port", type=int, default=8111)
    parser.add_argument("--database-url", default=default_database())
    parser.add_argument("--cache-url", default="locmemcache://soak")
    parser.add_argument("--no-kill", action="store_true", help="kill nothing")
    parser.add_argument("--write", action="store_true", help="add the figures to RESULTS.md")
    parser.add_argument("--prepare", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--count", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        return prepare_here(args.prepare[0], int(args.prepare[1]))
    if args.count:
        return count_here(*args.count)

    with tempfile.TemporaryDirectory(prefix="quire-soak-") as tmp:
        workdir = Path(tmp)
        env = site_env(args, workdir)
        build(args, env)
        run = secrets.token_hex(3)
        began = datetime.now(UTC).isoformat()
        site = django_here("prepare", run, str(args.writers), env=env)
        print(f"Run {run}: {len(site['hubs'])} hubs, {len(site['emails'])} accounts.")
        log_path = VAR / f"soak-{run}.log"
        log = log_path.open("w")
        supervisor = subprocess.Popen(
            [PYTHON, "manage.py", "quire_serve", "--port", str(args.port),
             "--workers", str(args.workers)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            figures = soak(args, site, run, supervisor)
        finally:
            if supervisor.poll() is None:
                supervisor.send_signal(signal.SIGTERM)
            try:
                stopped = supervisor.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(supervisor.pid, signal.SIGKILL)
                stopped = "killed"
            log.close()
        figures["stop"] = stopped
        figures["log"] = str(log_path.relative_to(ROOT))
        figures["db"] = django_here("count", run, began, env=env)
    report(args, figures)


def soak(args, site, run: str, supervisor: subprocess.Popen) -> dict:
    base_port = args.port
    deadline = time.monotonic() + 60
    while True:
        status, _, _ = Client(base_port, HOST).request("GET", "/")
        if status == 200:
            break
        if time.monotonic() > deadline or supervisor.poll() is not None:
            raise RuntimeError(f"the site did not start (see var/soak-{run}.log)")
        time.sleep(0.5)
    time.sleep(3)  # the task worker's first look, the second web worker
    start_memory = memory(supervisor.pid)
    stats = Stats()
    seconds = args.minutes * 60
    deadline = stats.started + seconds
    # Each connection an address of its own; a fresh block each run (the day's limits
    # count comments per address in the database).
    block = random.randrange(1, 250)
    sources = [f"127.{block}.{n // 250}.{n % 250 + 1}" for n in range(args.connections)]
    threads = []
    for n in range(args.connections):
        if n < args.writers:
            threads.append(Writer(n, base_port, sources[n], site, stats, deadline,
                                  site["emails"][n], run))  # fmt: skip
        else:
            threads.append(Reader(n, base_port, sources[n], site, stats, deadline))
    for thread in threads:
        thread.start()
    kills = [] if args.no_kill else [(0.4, "web worker"), (0.6, "task worker")]
    last, last_count = stats.started, 0
    print(f"Soak: {args.minutes:g} min, {args.connections} connections ({args.writers} signed in)")
    while time.monotonic() < deadline:
        time.sleep(1)
        now = time.monotonic()
        elapsed = now - stats.started
        if kills and elapsed >= kills[0][0] * seconds:
            _, what = kills.pop(0)
            found = processes(supervisor.pid)
            pid = found["web workers" if what == "web worker" else "task worker"][0]
            killed = time.monotonic()
            os.kill(pid, signal.SIGKILL)
            with stats.lock:
                stats.kills.append((killed, what, pid))
            print(f"  {elapsed:5.0f} s  SIGKILL to the {what} (pid {pid})", flush=True)
        if now - last >= 10:
            with stats.lock:
                total = sum(stats.by_kind.values())
                fives = sum(n for s, n in stats.statuses.items() if s != "error" and s >= 500)
                errors, accepted = stats.statuses["error"], len(stats.accepted)
            rss = memory(supervisor.pid)["web workers"]
            rate = (total - last_count) / (now - last)
            print(
                f"  {elapsed:5.0f} s  {total:8,} requests  {rate:6.0f}/s"
                f"  5xx {fives}  errors {errors}  comments {accepted}"
                f"  workers {' '.join(f'{m:.0f}' for _, m in rss)} MiB",
                flush=True,
            )
            last, last_count = now, total
    for thread in threads:
        thread.join(90)
    end_memory = memory(supervisor.pid)
    return {
        "stats": stats,
        "seconds": time.monotonic() - stats.started,
        "memory": (start_memory, end_memory),
        "recovered": "Took back" in (ROOT / f"var/soak-{run}.log").read_text(),
    }


def report(args, figures: dict) -> None:
    stats: Stats = figures["stats"]
    db = figures["db"]
    stored = set(db["tokens"])
    total = sum(stats.by_kind.values())

    def at_kill(start, end):
        return any(start <= at + 1.0 and end >= at for at, _, _ in stats.kills)

    in_flight = [f for f in stats.failures if at_kill(f[0], f[1])]
    other = [f for f in stats.failures if not at_kill(f[0], f[1])]
    # Sent after the signal but before the dying process's sockets were closed.
    late = [min(f[0] - at for at, _, _ in stats.kills if at < f[0]) for f in in_flight
            if any(at < f[0] for at, _, _ in stats.kills)]  # fmt: skip
    after_kill = (
        f"{len(late)} of them sent up to {max(late) * 1000:.0f} ms after it"
        if late
        else "all sent before it"
    )
    lost = stats.accepted - stored
    extra = stored - stats.accepted
    start_mem, end_mem = figures["memory"]
    # For each refused post: the same account's posts accepted in the minute before it
    # (counted from their answers, so at least what the server counted).
    before_refusals = Counter(
        sum(1 for _, answered, ok in posts if ok and sent - 60 < answered <= sent)
        for posts in stats.posts.values()
        for sent, _, accepted in posts
        if not accepted
    )

    def mem(snapshot, name):
        return ", ".join(f"{m:.0f}" for _, m in snapshot[name]) or "–"

    lines = [
        f"## Soak — {date.today().isoformat()}",
        "",
        f"`.venv/bin/python bench/soak.py {' '.join(a for a in sys.argv[1:] if a != '--write')}`"
        f" (commit {commit()} with the working tree's changes, "
        f"{machine()}): `manage.py quire_serve --workers {args.workers}` with "
        f"quire.settings.production, {args.database_url.split('://')[0]}, "
        f"{args.cache_url.split('://')[0]}; demo of {args.authors} authors and "
        f"{args.articles:,} hubs; {args.connections} keep-alive connections from one Python "
        f"process on the same machine ({args.writers} signed in, posting a comment every "
        f"{POST_EVERY:.0f} s each).",
        "",
        "| what | figure |",
        "|---|---|",
        f"| requests | {total:,} in {figures['seconds']:.0f} s "
        f"({total / figures['seconds']:.0f}/s) |",
    ]
    for kind in ["cached", "uncached", "search", "comment", "sign-in"]:
        times = sorted(stats.latencies.get(kind, []))
        if times:
            p50, p99 = statistics.median(times), times[int(len(times) * 0.99) - 1]
            lines.append(
                f"| {kind} | {stats.by_kind[kind]:,} (p50 {p50 * 1000:.0f} ms, "
                f"p99 {p99 * 1000:.0f} ms) |"
            )
    kills = (
        "; ".join(f"{what} at {at - stats.started:.0f} s" for at, what, _ in stats.kills) or "none"
    )
    fives = sum(n for s, n in stats.statuses.items() if s != "error" and s >= 500)
    lines += [
        f"| SIGKILL | {kills} |",
        f"| 5xx | {fives} |",
        f"| failed requests in flight at a kill | {len(in_flight)}, {after_kill} "
        f"({_describe(in_flight)}) |",
        f"| failed requests at any other time | {len(other)} ({_describe(other)}) |",
        f"| comments accepted (redirect to the comment) | {len(stats.accepted)} |",
        f"| comments stored in the database | {len(stored)} "
        f"({', '.join(f'{n} {s}' for s, n in sorted(db['statuses'].items()))}) |",
        f"| accepted but not stored (lost) | {len(lost)} |",
        f"| stored without an answer (posts in flight at a kill) | {len(extra)} "
        f"(of {len(stats.unanswered)} unanswered) |",
        f"| comments refused | {sum(stats.refused.values())} "
        f"({'; '.join(f'{n}× {r}' for r, n in stats.refused.most_common(4)) or 'none'}) |",
        f"| refused posts, by the account's accepted posts in the minute before | "
        f"{', '.join(f'{n}× after {k}' for k, n in sorted(before_refusals.items())) or '–'} |",
        f"| tasks enqueued during the run | "
        f"{', '.join(f'{n} {s.lower()}' for s, n in sorted(db['tasks'].items()))} |",
        f"| a task running at the kill taken back | "
        f"{'yes' if figures['recovered'] else 'no task was running'} |",
        f"| RSS at start, MiB: web workers; granian; task worker; supervisor | "
        f"{mem(start_mem, 'web workers')}; {mem(start_mem, 'granian')}; "
        f"{mem(start_mem, 'task worker')}; {mem(start_mem, 'supervisor')} |",
        f"| RSS at end, MiB (the respawned worker and task worker are new processes) | "
        f"{mem(end_mem, 'web workers')}; {mem(end_mem, 'granian')}; "
        f"{mem(end_mem, 'task worker')}; {mem(end_mem, 'supervisor')} |",
        f"| stop (SIGTERM) | exit code {figures['stop']} |",
    ]
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    print(f"Server log: {figures['log']}")
    if args.write:
        results = ROOT / "bench" / "RESULTS.md"
        results.write_text(results.read_text().rstrip("\n") + "\n\n" + text)
        print(f"Added to {results.relative_to(ROOT)}.")


def _describe(failures: list) -> str:
    kinds = Counter(f"{f[2]} {f[4]}" for f in failures)
    return ", ".join(f"{n}× {k}" for k, n in kinds.most_common(5)) or "none"


if __name__ == "__main__":
    main()
