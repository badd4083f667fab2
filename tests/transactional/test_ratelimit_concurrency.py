"""The shared limiter under real concurrency: threads committing for real on their own
connections, and separate processes on one SQLite file (WAL, IMMEDIATE transactions, as
the embedded default runs). Exactly the limit is accepted, never more."""

import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection, connections
from django.utils import timezone

from quire.comments.models import Comment
from quire.comments.services import CommentError, comment_post
from quire.comments.spam import timing
from quire.core import ratelimit
from quire.core.ratelimit import Rate
from tests.factories import UserFactory, make_hub

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(__file__).resolve().parents[2]


def at_once(n: int, work) -> list:
    """Run ``work(i)`` in n threads released together; their results (or exceptions)."""
    results: list = [None] * n
    barrier = threading.Barrier(n)

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


threads_race = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers in threads: PostgreSQL (SQLite runs them as processes, below)",
)


@threads_race
def test_hits_racing_in_threads_count_exactly_the_limit():
    results = at_once(16, lambda i: ratelimit.hit("race", "198.51.100.7", Rate(5, 60)))
    assert not [r for r in results if isinstance(r, Exception)]
    assert sum(r is not None for r in results) == 5


@threads_race
def test_a_token_racing_itself_posts_once():
    results = at_once(8, lambda i: ratelimit.once("race.token", "one nonce", 600))
    assert results.count(True) == 1 and results.count(False) == 7


@threads_race
def test_twelve_concurrent_posts_from_one_account_store_five(channel, author):
    hub = make_hub(channel, author, title="A busy thread")
    writer = UserFactory()

    def post(i: int):
        return comment_post(
            hub=hub,
            user=writer,
            text=f"Comment number {i} in the rush",
            ip_address=f"198.51.100.{i}",
            form_token=timing.form_token(timezone.now() - timedelta(minutes=1)),
        )

    results = at_once(12, post)
    refused = [r for r in results if isinstance(r, CommentError)]
    assert not [r for r in results if isinstance(r, Exception) and r not in refused]
    assert Comment.objects.filter(user=writer).count() == 5
    assert len(refused) == 7
    assert all("You can post 5 comments in a minute" in r.message for r in refused)


# Separate processes, as granian's workers are, on one SQLite file of their own (the
# test database lives in memory, and SQLite's shared in-memory cache refuses concurrent
# writers instead of waiting: threads race for real on PostgreSQL only, above).
SETUP = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from quire.articles.models import ChannelPage
from quire.site.setup import site_setup
from tests.factories import UserFactory, make_hub
site_setup()
hub = make_hub(ChannelPage.objects.get(slug="food"), UserFactory(), title="A busy thread")
print(hub.pk, UserFactory().pk)
"""
WORKER = """
import sys, time, django
django.setup()
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from quire.articles.models import ArticlePage
from quire.comments.services import CommentError, comment_post
from quire.comments.spam import timing
from quire.core import ratelimit
from quire.core.ratelimit import Rate
job, start, n = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
if job == "post":
    hub = ArticlePage.objects.get(pk=sys.argv[4])
    writer = get_user_model().objects.get(pk=sys.argv[5])
    token = timing.form_token(timezone.now() - timedelta(minutes=1))
time.sleep(max(0.0, start - time.time()))
if job == "hit":
    print(sum(ratelimit.hit("race", "198.51.100.7", Rate(25, 60)) is not None for _ in range(n)))
else:
    try:
        comment_post(hub=hub, user=writer, text=f"Posted by process {n}", form_token=token)
        print("stored")
    except CommentError as error:
        print(error.message)
"""


@pytest.fixture(scope="module")
def one_box(tmp_path_factory):
    """A migrated SQLite file with a hub and a writer, and how to start processes on it."""
    folder = tmp_path_factory.mktemp("one-box")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "quire.settings.test",
        "DATABASE_URL": f"sqlite:///{folder / 'quire.sqlite3'}",
    }
    env.pop("CACHE_URL", None)

    def start(script: str, *args) -> subprocess.Popen:
        return subprocess.Popen(  # noqa: S603 (our own interpreter and script)
            [sys.executable, "-c", script, *map(str, args)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )

    setup = start(SETUP)
    out, _ = setup.communicate(timeout=180)
    assert setup.returncode == 0
    hub_id, writer_id = out.split()
    return start, hub_id, writer_id


def _together(start, jobs: list[tuple]) -> list[str]:
    """Start every job, let them all begin at the same moment, return what each printed."""
    at = time.time() + 6  # every process imported and waiting before the first one goes
    processes = [start(WORKER, job[0], at, *job[1:]) for job in jobs]
    outputs = [p.communicate(timeout=120)[0].strip() for p in processes]
    assert all(p.returncode == 0 for p in processes)
    return outputs


def test_processes_sharing_one_sqlite_file_count_exactly_the_limit(one_box):
    start, _, _ = one_box
    counted = [int(out) for out in _together(start, [("hit", 20)] * 4)]
    assert sum(counted) == 25 and len([c for c in counted if c]) > 1


def test_twelve_posts_at_once_from_one_account_in_twelve_processes_store_five(one_box):
    start, hub_id, writer_id = one_box
    outputs = _together(start, [("post", n, hub_id, writer_id) for n in range(12)])
    assert outputs.count("stored") == 5
    refused = [out for out in outputs if out != "stored"]
    assert len(refused) == 7
    assert all(out.startswith("You can post 5 comments in a minute") for out in refused)
