"""The statistics beacon under load, and whether every beacon sent is counted.

Run by hand (granian and wrk are not project dependencies: `.venv/bin/pip install granian`,
`apt-get install wrk`):

    .venv/bin/python bench/beacon.py                      # SQLite + local memory cache
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/quire_bench_beacon \\
    CACHE_URL=redis://127.0.0.1:6379/3 .venv/bin/python bench/beacon.py

It prepares the database (migrate, the site, one hub), empties the statistics, starts
Quire under granian (WORKERS, default 2) with production settings, and points wrk at the
beacon for DURATION seconds with CONNECTIONS connections. Every request is a different
reader (its own user agent), so every beacon must become one view. Then it rolls the
buffer up and compares: views counted against wrk's successful requests (the server may
have answered up to CONNECTIONS more that wrk stopped waiting for at the end).
"""

import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-beacon.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quire.settings.production")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="quire-bench-static-"))
# One address sends everything here: lift the per-address limit for the run.
os.environ["QUIRE_STATS_RATE_PER_MINUTE"] = str(10**9)

WORKERS = int(os.environ.get("WORKERS", "2"))
DURATION = int(os.environ.get("DURATION", "10"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "20"))
PORT = int(os.environ.get("PORT", "8123"))

LUA = r"""
local counter = 0
local thread_id = 0
local threads = {}
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  thread_id = tid
end
request = function()
  counter = counter + 1
  local agent = "Mozilla/5.0 (X11; Linux x86_64) Reader/" .. os.getenv("QUIRE_RUN") .. "."
    .. thread_id .. "." .. counter
  local body = '{"t":"p' .. os.getenv("QUIRE_HUB") .. '","k":"v","r":"https://example.org/"}'
  return wrk.format("POST", "/stats/hit", {
    ["User-Agent"] = agent,
    ["Content-Type"] = "text/plain;charset=UTF-8",
    ["Sec-Fetch-Site"] = "same-origin",
  }, body)
end
done = function(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("SENT_OK %d\n", summary.requests - non2xx))
  io.write(string.format("ERRORS %d %d %d %d %d\n", summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout))
end
"""


def prepare() -> int:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from quire.articles.models import ArticlePage, ChannelPage
    from quire.site.setup import site_setup

    site_setup()
    hub = ArticlePage.objects.live().first()
    if hub is None:
        from django.contrib.auth import get_user_model

        author, _ = get_user_model().objects.get_or_create(
            username="bench-author", defaults={"email": "bench@example.org"}
        )
        hub = ArticlePage(
            title="Counted under load",
            summary="A hub for the beacon benchmark.",
            body=[("text", {"heading": "", "text": "<p>Words.</p>"})],
            owner=author,
        )
        ChannelPage.objects.order_by("path").first().add_child(instance=hub)
        hub.save_revision(user=author).publish()
    from quire.stats import buffer, services
    from quire.stats.models import DailyStats, DailyTotals

    services.stats_roll_up()  # whatever an earlier run left
    DailyStats.objects.all().delete()
    DailyTotals.objects.all().delete()
    assert buffer.waiting() == 0
    return hub.pk


def main() -> None:
    hub_id = prepare()
    from django.conf import settings

    from quire.stats import buffer, services
    from quire.stats.models import DailyStats

    # A new set of readers each run: today's earlier runs have been counted already.
    env = {**os.environ, "QUIRE_HUB": str(hub_id), "QUIRE_RUN": secrets.token_hex(4)}
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "granian"),
            "--interface",
            "wsgi",
            "--workers",
            str(WORKERS),
            "--host",
            "127.0.0.1",
            "--port",
            str(PORT),
            "--no-ws",
            "--log-level",
            "warning",
            *os.environ.get("GRANIAN_ARGS", "").split(),
            "quire.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        time.sleep(4)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(LUA)
        run = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{CONNECTIONS}",
                f"-d{DURATION}s",
                "--latency",
                "-s",
                script.name,
                f"http://127.0.0.1:{PORT}/stats/hit",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    out = run.stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
    p50 = re.search(r"50%\s+(\S+)", out).group(1)
    p99 = re.search(r"99%\s+(\S+)", out).group(1)
    sent_ok = int(re.search(r"SENT_OK (\d+)", out).group(1))
    errors = re.search(r"ERRORS (.*)", out).group(1)
    waiting = buffer.waiting()
    started = time.perf_counter()
    read = services.stats_roll_up(limit=100_000)
    while buffer.waiting():
        read += services.stats_roll_up(limit=100_000)
    rolled = time.perf_counter() - started
    views = sum(DailyStats.objects.values_list("views", flat=True))
    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"{database}, buffer: {'Redis' if buffer.uses_redis() else 'table'}, "
        f"granian {WORKERS} workers, wrk -t2 -c{CONNECTIONS} -d{DURATION}s"
    )
    print(f"beacons/s {rate}  p50 {p50}  p99 {p99}")
    print(f"wrk errors (connect read write status timeout): {errors}")
    print(f"answered 2xx to wrk {sent_ok:,}; buffered {waiting:,}")
    print(f"rolled up {read:,} in {rolled:.1f} s; views counted {views:,}")
    print(f"({views - sent_ok:+,} against wrk's count; at most +{CONNECTIONS} in flight)")
    if not (sent_ok <= views <= sent_ok + CONNECTIONS):
        print("COUNT MISMATCH")
        sys.exit(1)


if __name__ == "__main__":
    main()
