"""An author's statistics dashboard with 1,000 hubs and three years of daily rows.

Run by hand against a large database (the author-center corpus works: `quire_demo
--authors 1000 --articles 100000`):

    DATABASE_URL=sqlite:///$PWD/var/bench-admin.sqlite3 .venv/bin/python bench/stats_dashboard.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/quire_bench_admin \\
        .venv/bin/python bench/stats_dashboard.py

The first run gives one author ("bench-stats") 1,000 published hubs (taken over from
the corpus) and writes three years of figures for them as the roll-up would: a daily row
per hub (about 1.1 million), daily totals, and referrer/device rows for a share of hubs
a day. Then it renders the dashboard as that author (30 days, 365 days, three years,
one hub) through Django's test client and reports queries, median and 95th percentile.
"""

import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("RUNS", "15")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from hub_page import measure

from quire.accounts.roles import AUTHORS_GROUP
from quire.articles.models import ArticlePage
from quire.stats.models import PAGE, DailyDimension, DailyStats, DailyTotals

RUNS = int(os.environ["RUNS"])
HUBS = 1000
DAYS = 3 * 365 + 1


def prepare():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    User = get_user_model()
    author, _ = User.objects.get_or_create(
        username="bench-stats", defaults={"email": "bench-stats@example.org"}
    )
    author.groups.add(Group.objects.get(name=AUTHORS_GROUP))
    hubs = list(ArticlePage.objects.filter(owner=author).order_by("pk").values_list("pk", "path"))
    if len(hubs) < HUBS:
        taken = ArticlePage.objects.live().exclude(owner=author).order_by("pk")[: HUBS - len(hubs)]
        ArticlePage.objects.filter(pk__in=list(taken.values_list("pk", flat=True))).update(
            owner=author
        )
        hubs = list(
            ArticlePage.objects.filter(owner=author).order_by("pk").values_list("pk", "path")
        )
    if DailyStats.objects.filter(author_id=author.pk).count() >= HUBS * DAYS:
        return author, hubs[0][0]
    print(f"Writing {HUBS * DAYS:,} daily rows for {HUBS:,} hubs over {DAYS:,} days…")
    DailyStats.objects.filter(author_id=author.pk).delete()
    DailyDimension.objects.filter(author_id=author.pk).delete()
    DailyTotals.objects.filter(scope=DailyTotals.AUTHOR, scope_id=author.pk).delete()
    rng = random.Random(7)
    today = timezone.localdate()
    started = time.perf_counter()
    for n in range(DAYS):
        day = today - timedelta(days=n)
        rows, dims, views_total, seconds_total = [], [], 0, 0
        for pk, _path in hubs:
            views = rng.randint(0, 40)
            seconds = views * rng.randint(20, 300)
            views_total += views
            seconds_total += seconds
            rows.append(
                DailyStats(
                    day=day,
                    target_type=PAGE,
                    object_id=pk,
                    author_id=author.pk,
                    views=views,
                    engaged_seconds=seconds,
                    engaged_views=views,
                )
            )
        for pk, _path in rng.sample(hubs, 40):
            for dimension, value in (
                (DailyDimension.REFERRER, rng.choice(["example.com", "news.example.org"])),
                (DailyDimension.DEVICE, rng.choice(["desktop", "mobile", "tablet"])),
            ):
                dims.append(
                    DailyDimension(
                        day=day,
                        target_type=PAGE,
                        object_id=pk,
                        author_id=author.pk,
                        dimension=dimension,
                        value=value,
                        views=rng.randint(1, 20),
                    )
                )
        with transaction.atomic():
            DailyStats.objects.bulk_create(rows, batch_size=1000)
            DailyDimension.objects.bulk_create(dims, batch_size=1000)
            DailyTotals.objects.create(
                day=day,
                scope=DailyTotals.AUTHOR,
                scope_id=author.pk,
                views=views_total,
                visitors=views_total * 3 // 4,
                engaged_seconds=seconds_total,
                engaged_views=views_total,
            )
        if n % 100 == 0:
            print(f"  {n:,}/{DAYS:,} days ({time.perf_counter() - started:.0f} s)", flush=True)
    return author, hubs[0][0]


def main() -> None:
    author, first_hub = prepare()
    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load, so the planner knows the new rows.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = Client()
    client.force_login(author)
    today = timezone.localdate()
    three_years = f"from={today - timedelta(days=DAYS - 1)}&to={today}"
    print(
        f"{connection.vendor}: {DailyStats.objects.filter(author_id=author.pk).count():,} daily "
        f"rows for {HUBS:,} hubs; {RUNS} runs each"
    )
    print(f"{'dashboard':<28} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for label, query in (
        ("last 30 days", "days=30"),
        ("last 365 days", "days=365"),
        ("three years", three_years),
        ("one hub, 30 days", f"hub={first_hub}&days=30"),
        ("CSV, three years", three_years + "&format=csv"),
    ):
        times, queries = measure(f"/admin/statistics/?{query}", client)
        times.sort()
        p50 = times[len(times) // 2]
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(f"{label:<28} {queries:>7} {p50:>8.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
