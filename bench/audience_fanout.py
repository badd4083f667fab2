"""Email on a new hub to 100,000 followers: the publishing request's time, and the task
worker's delivery to a real SMTP server, killed and restarted mid-way.

    .venv/bin/python bench/audience_fanout.py      # var/bench-audience.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_audience \
        .venv/bin/python bench/audience_fanout.py

FOLLOWERS (default 100,000) readers follow one author. The script
1. times publishing a hub by that author and by an author nobody follows (the request's
   work: the revision, the page cache's refresh, the notice and its queued task);
2. starts a real SMTP server in its own process (bench/smtp_sink.py) and one task worker
   (``manage.py quire_task_worker``) pointed at it, samples the worker's memory, kills it
   with SIGKILL when KILL_AT (default 40%) of the emails are in, and starts it again with
   ``--recover`` as ``quire_serve`` does;
3. reports how long all the emails took, the distinct recipients the server received, any
   recipient received twice, and the worker's memory over time.
"""

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quire.settings.dev")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-audience.sqlite3'}")
os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="quire-bench-static-"))
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django

django.setup()

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import transaction

from quire.articles.models import ArticlePage, ChannelPage
from quire.audience.models import Delivery, Follow, HubNotice
from quire.demo.generator import DemoGenerator
from tests.factories import make_hub

FOLLOWERS = int(os.environ.get("FOLLOWERS", "100000"))
KILL_AT = float(os.environ.get("KILL_AT", "0.4"))
LIMIT_SECONDS = int(os.environ.get("LIMIT_SECONDS", "900"))
BATCH = 5000
User = get_user_model()


def fill() -> tuple:
    call_command("migrate", verbosity=0)
    if not ArticlePage.objects.exists():
        print("Demo site: 20 authors, 100 hubs…", flush=True)
        DemoGenerator(seed=3, index=False).run(authors=20, articles=100)
    author, _ = User.objects.get_or_create(
        username="bench-famous", defaults={"email": "famous@example.org", "first_name": "Famous"}
    )
    lonely, _ = User.objects.get_or_create(
        username="bench-lonely", defaults={"email": "lonely@example.org", "first_name": "Lonely"}
    )
    have = Follow.objects.filter(author=author).count()
    if have < FOLLOWERS:
        print(f"Creating {FOLLOWERS - have:,} followers…", flush=True)
        password = make_password(None)
        started = time.monotonic()
        for start in range(have, FOLLOWERS, BATCH):
            with transaction.atomic():
                users = User.objects.bulk_create(
                    [
                        User(username=f"fan{i}", email=f"fan{i}@example.org", password=password)
                        for i in range(start, min(FOLLOWERS, start + BATCH))
                    ]
                )
                if users[0].pk is None:  # SQLite before RETURNING: read them back
                    users = list(User.objects.filter(username__in=[u.username for u in users]))
                Follow.objects.bulk_create([Follow(follower=u, author=author) for u in users])
            print(f"  {start + len(users):,}", flush=True)
        print(f"  in {time.monotonic() - started:.0f} s", flush=True)
    return author, lonely


def publish_time(author, channel, runs: int = 5) -> list[float]:
    times = []
    for n in range(runs):
        started = time.perf_counter()
        with transaction.atomic():
            hub = make_hub(channel, author, title=f"Timing {author.username} {time.time()} {n}")
        times.append((time.perf_counter() - started) * 1000)
        # Not the hub to deliver: its notice is made, its emails are not wanted here.
        HubNotice.objects.filter(hub=hub).update(gathered=True)
    return times


def rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0


def worker(env, worker_id: str, recover: str | None = None) -> subprocess.Popen:
    command = [
        sys.executable,
        "manage.py",
        "quire_task_worker",
        "--no-reload",
        "--interval",
        "0.2",
        "--worker-id",
        worker_id,
    ]
    if recover:
        command += ["--recover", recover]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)


def main() -> None:
    author, lonely = fill()
    channel = ChannelPage.objects.filter(is_site_channel=False).first()
    # The request's share, measured before any delivery starts (the tasks wait in the queue).
    quiet = publish_time(lonely, channel)
    famous = publish_time(author, channel)
    print(
        f"publish, author with no followers: p50 {statistics.median(quiet):.1f} ms "
        f"(max {max(quiet):.1f})",
        flush=True,
    )
    print(
        f"publish, author with {FOLLOWERS:,} followers: p50 {statistics.median(famous):.1f} ms "
        f"(max {max(famous):.1f})",
        flush=True,
    )
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(status="READY").delete()  # the timing hubs' tasks

    received = Path(tempfile.mkdtemp(prefix="quire-bench-smtp-")) / "recipients.txt"
    port = 2525 + os.getpid() % 1000
    sink = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "smtp_sink.py"), str(port), str(received)]
    )
    time.sleep(1.0)
    env = {**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{port}"}
    with transaction.atomic():
        hub = make_hub(channel, author, title=f"The hub for {FOLLOWERS:,} readers {time.time()}")
    started = time.monotonic()
    first = worker(env, "bench-1")
    samples = []
    killed = False
    current = first
    try:
        while time.monotonic() - started < LIMIT_SECONDS:
            time.sleep(2)
            lines = received.read_text().count("\n") if received.exists() else 0
            samples.append((time.monotonic() - started, lines, rss_mib(current.pid)))
            print(
                f"  {samples[-1][0]:5.0f} s  {lines:7,} emails  worker {samples[-1][2]:.0f} MiB",
                flush=True,
            )
            if not killed and lines >= FOLLOWERS * KILL_AT:
                current.send_signal(signal.SIGKILL)
                current.wait()
                killed = True
                print(f"  killed the worker at {lines:,} emails; starting it again", flush=True)
                current = worker(env, "bench-2", recover="bench-1")
            if lines >= FOLLOWERS:
                break
    finally:
        current.terminate()
        current.wait()
        time.sleep(0.5)
        sink.terminate()
        sink.wait()
    elapsed = time.monotonic() - started
    recipients = received.read_text().split()
    distinct = set(recipients)
    twice = len(recipients) - len(distinct)
    waiting = Delivery.objects.filter(hub=hub, sent_at__isnull=True, skipped="").count()
    print(
        f"all delivered in {elapsed:.0f} s"
        if len(distinct) >= FOLLOWERS
        else f"stopped after {elapsed:.0f} s"
    )
    print(
        f"distinct recipients received: {len(distinct):,} of {FOLLOWERS:,}; "
        f"received twice: {twice}; still waiting: {waiting}"
    )
    rss = [s[2] for s in samples if s[2]]
    if rss:
        print(
            f"worker memory: first {rss[0]:.0f} MiB, max {max(rss):.0f} MiB, last {rss[-1]:.0f} MiB"
        )


if __name__ == "__main__":
    main()
