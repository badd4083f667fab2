"""Search speed on a large corpus: the results page and the search itself.

    make bench-demo                                   # 100,000 hubs in var/bench.sqlite3
    DATABASE_URL=sqlite:///$PWD/var/bench.sqlite3 .venv/bin/python bench/search.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/quire_bench100k .venv/bin/python bench/search.py

Runs a mix of queries (common and rare words, several words, a misspelling with no
result, a channel filter, an author filter (the demo's busiest author), newest first) RUNS
times each through the results page (the full middleware stack, no network) and reports
the median and 95th percentile.
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
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="quire-bench-static-"))

from django.db import connection
from django.test import Client

# Set up as a server worker is (quire/wsgi.py: Django, then the garbage collector told to
# leave what was loaded alone).
import quire.wsgi  # noqa: F401
from quire.articles.models import ArticlePage

RUNS = int(os.environ.get("RUNS", "20"))
QUERIES = [
    ("one common word", {"q": "garden"}),
    ("two words", {"q": "night train"}),
    ("three words", {"q": "saving for a first home"}),
    ("rare word", {"q": "couchette"}),
    ("plural and accent", {"q": "cafés budgets"}),
    ("no result (misspelt)", {"q": "qwertyzzz sourdogh"}),
    ("channel filter", {"q": "budget", "channel": "travel"}),
    ("author filter", {"q": "budget", "author": None}),  # the author with most hubs
    ("newest first", {"q": "garden", "sort": "newest"}),
    ("newest first, common word", {"q": "budget", "sort": "newest"}),
    ("channel, newest first", {"q": "budget", "channel": "travel", "sort": "newest"}),
    ("page 5", {"q": "garden", "page": "5"}),
]


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


def busiest_author() -> str:
    from django.db.models import Count

    from quire.authors.models import AuthorProfile

    top = ArticlePage.objects.live().values("owner").annotate(n=Count("pk")).order_by("-n")[0]
    return AuthorProfile.objects.get(user_id=top["owner"]).slug


def main() -> None:
    hubs = ArticlePage.objects.live().count()
    for _label, params in QUERIES:
        if params.get("author", "") is None:
            params["author"] = busiest_author()
    print(f"Database: {connection.vendor}, {hubs:,} published hubs, {RUNS} runs a query\n")
    print("| query | p50 | p95 | results |")
    print("|---|---|---|---|")
    client = Client()
    everything = []
    for label, params in QUERIES:
        client.get("/search/", params)  # warm
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            response = client.get("/search/", params)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
        html = response.content.decode()
        count = (
            html.split('class="search-count">', 1)[1].split("<", 1)[0]
            if "search-count" in html
            else "none"
        )
        everything += times
        p50, p95 = statistics.median(times), percentile(times, 0.95)
        print(f"| {label} | {p50:.1f} ms | {p95:.1f} ms | {count.strip()} |")
    print(
        f"\nAll queries: p50 {statistics.median(everything):.1f} ms, "
        f"p95 {percentile(everything, 0.95):.1f} ms"
    )


if __name__ == "__main__":
    main()
