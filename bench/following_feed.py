"""The following feed of a reader who follows 500 authors and 10 channels, at 100,000 hubs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_feed \
        .venv/bin/python bench/following_feed.py
    .venv/bin/python bench/following_feed.py          # var/bench.sqlite3 (make bench-demo)

The first run fills the database (``quire_demo --authors 600 --articles 100000`` when it
has fewer hubs). Then RUNS (default 200) requests of the feed's first pages through the
full middleware stack, as the signed-in reader, and the p50 and p95 time and the queries
per page.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quire.settings.dev")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="quire-bench-static-"))
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django

django.setup()

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from quire.articles.models import ArticlePage, ChannelPage
from quire.audience.models import Follow

HUBS = int(os.environ.get("HUBS", "100000"))
RUNS = int(os.environ.get("RUNS", "200"))
User = get_user_model()


def main() -> None:
    call_command("migrate", verbosity=0)
    if ArticlePage.objects.count() < HUBS:
        print(f"Filling: 600 authors, {HUBS:,} hubs…", flush=True)
        call_command("quire_demo", authors=600, articles=HUBS, no_search_index=True)
    reader, _ = User.objects.get_or_create(
        username="bench-reader", defaults={"email": "bench-reader@example.org"}
    )
    authors = list(
        User.objects.filter(owned_pages__live=True).distinct().values_list("pk", flat=True)[:500]
    )
    channels = list(
        ChannelPage.objects.filter(is_site_channel=False).values_list("pk", flat=True)[:10]
    )
    Follow.objects.filter(follower=reader).delete()
    Follow.objects.bulk_create(
        [Follow(follower=reader, author_id=pk) for pk in authors if pk != reader.pk]
        + [Follow(follower=reader, channel_id=pk) for pk in channels]
    )
    print(
        f"{ArticlePage.objects.count():,} hubs; the reader follows {len(authors)} authors and "
        f"{len(channels)} channels ({connection.vendor})",
        flush=True,
    )
    client = Client()
    client.force_login(reader)
    for page in (1, 2, 50):
        client.get(f"/following/?page={page}")  # warm
    for page in (1, 2, 50):
        times, queries = [], set()
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                answer = client.get(f"/following/?page={page}")
                times.append((time.perf_counter() - started) * 1000)
            assert answer.status_code == 200
            queries.add(len(captured))
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(
            f"page {page}: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, "
            f"queries {sorted(queries)}",
            flush=True,
        )


if __name__ == "__main__":
    main()
