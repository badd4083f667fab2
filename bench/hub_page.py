"""How much a hub page costs to render: SQL queries and wall time, uncached.

Run by hand against a database with demo content:

    .venv/bin/python bench/hub_page.py            # var/quire.sqlite3, the demo database
    DATABASE_URL=sqlite:///$PWD/var/bench.sqlite3 .venv/bin/python bench/hub_page.py

It renders the same hubs through Django's test client (the full middleware stack, no
network), warms each once, then reports the median and 95th percentile of N renders and
the number of SQL queries per render.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quire.settings.dev")
os.environ.setdefault("DEBUG", "0")
# No request from the bench should warn about a missing collectstatic folder.
os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="quire-bench-static-"))

import django

django.setup()

from django.db import connection
from django.test import Client

from quire.articles.models import ArticlePage

RUNS = int(os.environ.get("RUNS", "200"))


def measure(url: str, client: Client) -> tuple[list[float], int]:
    client.get(url)  # warm: renditions, channel bar cache, template loaders
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return times, len(queries)


def main() -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    hubs = ArticlePage.objects.live().order_by("path")
    total = hubs.count()
    sample = [hubs[0], hubs[total // 2], hubs[total - 1]]
    pages = [("hub", hub.url) for hub in sample]
    channel = sample[0].get_parent()
    pages += [
        ("channel", channel.url),
        ("home", "/"),
        ("profile", sample[0].author_profile.get_absolute_url()),
    ]
    print(f"{total} live hubs, {connection.vendor}, {RUNS} renders each (uncached)")
    print(f"{'page':8} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8}  url")
    for kind, url in pages:
        times, queries = measure(url, client)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"{kind:8} {queries:7d} {statistics.median(times):8.2f} {p95:8.2f}  {url}")


if __name__ == "__main__":
    main()
