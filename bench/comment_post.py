"""Posting a comment with a million comments in the database.

    .venv/bin/python bench/comment_post.py                 # builds var/bench-comments.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/comment_post.py

The first run fills the database (demo hubs and people, then COMMENTS comments, default
1,000,000, spread over three years, hubs and writers); later runs reuse it. Then it posts
RUNS comments through the full HTTP path (middleware, form, every spam layer, the
classifier's token lookups, the insert and the queued notification) from different
people on different hubs, and reports the median and 95th percentile time and the SQL
queries per post. It also renders the first page of the busiest hub's comments.
"""

import os
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quire.settings.dev")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-comments.sqlite3'}")
os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="quire-bench-static-"))
os.environ.setdefault("QUIRE_COMMENT_MIN_SECONDS", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django

django.setup()

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quire.articles.models import ArticlePage
from quire.comments.models import Comment
from quire.comments.spam import timing
from quire.comments.text import fingerprint
from quire.demo import corpus
from quire.demo.generator import DemoGenerator

COMMENTS = int(os.environ.get("COMMENTS", "1000000"))
RUNS = int(os.environ.get("RUNS", "200"))
BATCH = 20_000


def fill() -> None:
    call_command("migrate", verbosity=0)
    if not ArticlePage.objects.exists():
        print("Creating 200 people and 1,000 hubs…", flush=True)
        DemoGenerator(seed=5).run(authors=200, articles=1000)
    have = Comment.objects.count()
    if have >= COMMENTS:
        print(f"{have:,} comments already there.")
        return
    rng = random.Random(9)
    hubs = list(ArticlePage.objects.values_list("pk", flat=True))
    users = list(get_user_model().objects.values_list("pk", flat=True))
    now = timezone.now()
    started = time.monotonic()
    texts = corpus.COMMENTS
    for start in range(have, COMMENTS, BATCH):
        rows = []
        for i in range(start, min(start + BATCH, COMMENTS)):
            text = f"{rng.choice(texts)} ({i})"
            rows.append(
                Comment(
                    hub_id=rng.choice(hubs),
                    user_id=rng.choice(users),
                    text=text,
                    text_hash=fingerprint(text),
                    status=Comment.Status.PUBLISHED,
                    created_at=now - timedelta(seconds=rng.randint(600, 3 * 365 * 86400)),
                    ip_address=f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{i % 250 + 1}",
                )
            )
        with transaction.atomic():
            Comment.objects.bulk_create(rows, batch_size=2000)
        done = min(start + BATCH, COMMENTS)
        print(f"  comments: {done:,}/{COMMENTS:,} ({time.monotonic() - started:.0f} s)", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE comments_comment")


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


def main() -> None:
    fill()
    Comment.objects.filter(text__contains="Benchmark note").delete()
    total = Comment.objects.count()
    print(f"\nDatabase: {connection.vendor}, {total:,} comments")
    rng = random.Random(3)
    hubs = list(ArticlePage.objects.filter(live=True).values_list("pk", flat=True)[:500])
    users = list(get_user_model().objects.filter(is_superuser=False)[:RUNS])
    times, queries = [], []
    for n in range(RUNS):
        # A form token is good for one post.
        token = timing.form_token(timezone.now() - timedelta(minutes=5))
        # Each post from its own person and address, as on a busy site (no rate limit hit).
        client = Client(REMOTE_ADDR=f"198.51.{n // 250}.{n % 250 + 1}")
        client.force_login(users[n % len(users)])
        hub_id = rng.choice(hubs)
        text = f"{rng.choice(corpus.COMMENTS)} Benchmark note {time.time_ns()}."
        data = {"text": text, "rendered": token, "website": ""}
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.post(f"/comments/hub/{hub_id}/", data)
            times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 302:
            errors = re.findall(
                r'class="(?:form|field)-error"[^>]*>([^<]+)', response.content.decode()
            )
            raise SystemExit(f"Posting failed ({response.status_code}): {errors}")
        queries.append(len(ctx.captured_queries))
    print(
        f"POST a comment ({RUNS} posts): p50 {statistics.median(times):.1f} ms, "
        f"p95 {percentile(times, 0.95):.1f} ms, queries per post "
        f"{min(queries)}–{max(queries)} (including the session and sign-in lookups)"
    )
    busiest = (
        Comment.objects.values("hub_id").order_by().annotate(n=django.db.models.Count("pk"))
    ).order_by("-n")[0]
    hub = ArticlePage.objects.get(pk=busiest["hub_id"])
    client = Client()
    client.get(hub.url)
    render = []
    for _ in range(20):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            client.get(hub.url)
            render.append((time.perf_counter() - started) * 1000)
    print(
        f"Hub page with {busiest['n']:,} comments, first page of 50: "
        f"p50 {statistics.median(render):.1f} ms, {len(ctx.captured_queries)} queries"
    )
    # Leave the database as it was: the benchmark's own posts are removed.
    Comment.objects.filter(text__contains="Benchmark note").delete()


if __name__ == "__main__":
    main()
