"""What an author's editor costs with many authors and hubs: SQL queries and wall time.

Run by hand against a large demo database (1,000 authors, 100,000 hubs):

    DATABASE_URL=sqlite:///$PWD/var/bench-admin.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:///$PWD/var/bench-admin.sqlite3 \\
        .venv/bin/python manage.py quire_demo --authors 1000 --articles 100000
    DATABASE_URL=sqlite:///$PWD/var/bench-admin.sqlite3 .venv/bin/python bench/author_center.py

It signs in as the author with the most hubs and as a writer with one, then renders their
dashboard, the explorer of a channel (where every author's hubs live side by side), the
editor's page search and the image chooser through Django's test client, reporting the
queries per render and the median and 95th percentile of RUNS renders.
"""

import os
import statistics
import sys
from pathlib import Path

os.environ.setdefault("RUNS", "30")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
sys.path.insert(0, str(Path(__file__).resolve().parent))

# hub_page sets Django up the same way and measures one URL: queries and times.
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from hub_page import measure

from quire.accounts.roles import AUTHORS_GROUP
from quire.articles.models import ArticlePage, ChannelPage

RUNS = int(os.environ["RUNS"])


def main() -> None:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    authors = User.objects.filter(groups__name=AUTHORS_GROUP)
    ranked = authors.annotate(n=Count("owned_pages")).order_by("-n")
    busiest, quietest = ranked.first(), ranked.filter(n__gt=0).last()
    channel = ChannelPage.objects.order_by("path").first()
    print(
        f"{authors.count():,} authors, {ArticlePage.objects.count():,} hubs, "
        f"{connection.vendor}; channel “{channel.title}” holds "
        f"{ArticlePage.objects.child_of(channel).count():,} hubs; {RUNS} runs each"
    )
    print(f"{'who':<24} {'page':<22} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for user in (busiest, quietest):
        client = Client()
        client.force_login(user)
        hubs = ArticlePage.objects.filter(owner=user).count()
        who = f"{hubs} hubs ({user.username})"
        for label, url in (
            ("dashboard", reverse("wagtailadmin_home")),
            ("explorer (channel)", reverse("wagtailadmin_explore", args=[channel.pk])),
            ("page search", reverse("wagtailadmin_pages:search") + "?q=garden"),
            ("image chooser", reverse("wagtailimages_chooser:choose")),
        ):
            times, queries = measure(url, client)
            times.sort()
            p50, p95 = statistics.median(times), times[int(len(times) * 0.95) - 1]
            print(f"{who:<24} {label:<22} {queries:>7} {p50:>8.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
