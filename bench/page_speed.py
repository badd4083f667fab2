"""Page speed over HTTP: Quire against its peers, in one run, on this machine.

    make bench                                   # 1,000 hubs, SQLite, locmem cache
    .venv/bin/python bench/page_speed.py --hubs 100000 --database postgres --cache redis --write

It builds (once) a corpus of ``--hubs`` hubs with the demo command, adds one benchmark hub
of about 1,500 words with 100 comments, then starts, all on 127.0.0.1:

- Quire with the production settings under granian (2 workers), and under gunicorn
  (2 sync workers) to compare the servers;
- nginx serving a static copy of the benchmark hub's HTML;
- nginx in front of Quire with the shipped configuration (docs/nginx/quire.conf);
- a bare Wagtail site (bench/bare) with a page of the same body under gunicorn -w 2,
  with and without Django's cache middleware.

Each is loaded with ``wrk -t2 -c20 -d<duration>s --latency``; the table of requests/s,
p50, p99 and the ratios the targets name is printed and, with ``--write``, added to
bench/RESULTS.md with the date, machine and commit. Then each Quire worker's resident
size is read after 10,000 and 50,000 uncached requests. Every process the script starts is
stopped by its id when it ends, whatever happens.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var"
PYTHON = sys.executable
BIN = Path(PYTHON).parent
HOST = "127.0.0.1"
PORTS = {
    "quire-granian": 8101,
    "quire-gunicorn": 8102,
    "bare-cached": 8103,
    "bare-uncached": 8104,
    "nginx-static": 8105,
    "nginx-quire": 8106,
}
COMMENTS = 100
WORDS = 1500


# -- corpus ------------------------------------------------------------------------------


def corpus_env(args) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "CACHE_"))}
    if args.database == "postgres":
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/quire_bench_speed_{args.hubs}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{VAR}/bench-speed-{args.hubs}.sqlite3"
    env["CACHE_URL"] = (
        "redis://127.0.0.1:6379/5" if args.cache == "redis" else "locmemcache://bench"
    )
    return env


def manage(env, *command: str, quiet: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *command],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "quire.settings.dev", "DEBUG": "0"},
        check=True,
        text=True,
        stdout=subprocess.PIPE if quiet else None,
    )
    return result.stdout or ""


def build_corpus(args, env) -> None:
    marker = VAR / f"bench-speed-{args.database}-{args.hubs}.built"
    if marker.exists():
        print(f"Corpus of {args.hubs:,} hubs: ready ({env['DATABASE_URL']}).")
        return
    VAR.mkdir(exist_ok=True)
    if args.database == "postgres":
        name = env["DATABASE_URL"].rsplit("/", 1)[1]
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {name}"],
            check=False,
            capture_output=True,
        )
    print(f"Building a corpus of {args.hubs:,} hubs …", flush=True)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "quire_setup")
    authors = max(20, args.hubs // 100)
    manage(
        env,
        *("quire_demo", "--if-empty", "--no-search-index"),
        *("--authors", str(authors), "--articles", str(args.hubs)),
    )
    marker.touch()


def prepare_hub(env) -> dict:
    """The benchmark hub (made once): ~1,500 words, 100 published comments."""
    out = subprocess.run(
        [PYTHON, __file__, "--prepare-hub"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "quire.settings.dev", "DEBUG": "0"},
        check=True,
        text=True,
        capture_output=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _prepare_hub_here() -> None:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.utils import timezone
    from django.utils.html import strip_tags

    from quire.articles.models import ArticlePage
    from quire.comments.models import Comment
    from quire.comments.text import fingerprint

    title = "What a long season of bread taught me (benchmark)"
    hub = ArticlePage.objects.live().filter(title=title).first()
    if hub is None:
        donors = list(ArticlePage.objects.live().order_by("path")[:8])
        first = donors[0]
        blocks, words = [], 0
        for donor in donors:
            for block in donor.body:
                if words >= WORDS:
                    break
                if block.block_type == "text":
                    blocks.append(("text", block.value))
                    words += len(strip_tags(block.value["text"].source).split())
        hub = ArticlePage(
            title=title,
            summary=first.summary,
            body=blocks,
            owner=first.owner,
            lead_image=first.lead_image,
            lead_image_alt=first.lead_image_alt or "A picture",
        )
        first.get_parent().add_child(instance=hub)
        hub.save_revision(user=first.owner).publish()
        hub.refresh_from_db()
    have = Comment.objects.filter(hub=hub, status=Comment.Status.PUBLISHED).count()
    readers = list(type(hub.owner).objects.exclude(pk=hub.owner_id).order_by("pk")[:20]) or [
        hub.owner
    ]
    for i in range(have, COMMENTS):
        text = f"Comment {i}: the starter note about the second rise was the part I needed."
        Comment.objects.create(
            hub=hub,
            user=readers[i % len(readers)],
            text=text,
            text_hash=fingerprint(text),
            status=Comment.Status.PUBLISHED,
            created_at=timezone.now(),
        )
    from wagtail.rich_text import expand_db_html

    body = "".join(
        f"<h2>{b.value.get('heading', '')}</h2>" * bool(b.value.get("heading"))
        + expand_db_html(b.value["text"].source)
        for b in hub.body
        if b.block_type == "text"
    )
    profile = hub.owner.author_profile.get_absolute_url()
    channel = hub.get_parent().url
    print(
        json.dumps(
            {
                "url": hub.url,
                "title": hub.title,
                "body": body,
                "profile": profile,
                "channel": channel,
            }
        )
    )


def prepare_bare(page: dict, workdir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.bare.settings",
        "BARE_DB": str(workdir / "bare.sqlite3"),
        "PYTHONPATH": str(ROOT),
    }
    subprocess.run(
        [PYTHON, "-m", "django", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    script = (
        "import json,sys;from wagtail.models import Page,Site;"
        "from bench.bare.pages.models import ArticlePage;d=json.load(sys.stdin);"
        "root=Site.objects.get(is_default_site=True).root_page;"
        "p=root.add_child(instance=ArticlePage(title=d['title'],slug='hub',body=d['body']));"
        "p.save_revision().publish()"
    )
    subprocess.run(
        [PYTHON, "-m", "django", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        input=json.dumps(page),
        text=True,
        check=True,
    )
    return env


# -- servers -----------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    process: subprocess.Popen

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(p) for p in children.read_text().split()]
        except OSError:
            return []


def start(name: str, command: list[str], env, log: Path) -> Server:
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return Server(name, process)


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - 127.0.0.1
                response.read()
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not answer within {seconds} s") from None
            time.sleep(0.3)


def quire_env(env, workdir: Path) -> dict[str, str]:
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "quire.settings.production",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": str(workdir / "static"),
        "QUIRE_PAGE_CACHE_FILE": str(workdir / "pagecache-generations"),
    }


def nginx_static(workdir: Path, html: bytes) -> list[str]:
    site = workdir / "static-site"
    (site / "hub").mkdir(parents=True)
    (site / "hub" / "index.html").write_bytes(html)
    conf = workdir / "nginx-static.conf"
    conf.write_text(
        _nginx_main(workdir / "nginx-static")
        + f"""
http {{
    access_log off;
    include /etc/nginx/mime.types;
    server {{
        listen {HOST}:{PORTS["nginx-static"]};
        root {site};
    }}
}}
"""
    )
    return ["nginx", "-c", str(conf), "-p", str(workdir / "nginx-static")]


def nginx_quire(workdir: Path) -> list[str]:
    """The shipped configuration, pointed at the bench's ports and folders."""
    shipped = (ROOT / "docs" / "nginx" / "quire.conf").read_text()
    site = (
        shipped.replace("/var/cache/nginx/quire", str(workdir / "nginx-cache"))
        .replace("127.0.0.1:8000", f"{HOST}:{PORTS['quire-granian']}")
        .replace("listen 80;", f"listen {HOST}:{PORTS['nginx-quire']};")
        .replace("listen [::]:80;", "")
        .replace("/srv/quire/media/", str(workdir / "media") + "/")
        .replace("/srv/quire/static/", str(workdir / "static") + "/")
    )
    conf = workdir / "nginx-quire.conf"
    conf.write_text(
        _nginx_main(workdir / "nginx-quire")
        + f"\nhttp {{\n    access_log off;\n    include /etc/nginx/mime.types;\n{site}\n}}\n"
    )
    return ["nginx", "-c", str(conf), "-p", str(workdir / "nginx-quire")]


def _nginx_main(prefix: Path) -> str:
    (prefix / "logs").mkdir(parents=True, exist_ok=True)
    # Workers run as whoever runs the bench (nginx ignores this when not started as root),
    # so they can read and write the bench's private temporary folder.
    return f"""daemon off;
user {getpass.getuser()};
worker_processes 2;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 1024; }}
"""


# -- load --------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    rps: float
    p50: float
    p99: float
    requests: int
    errors: str


def wrk(name: str, url: str, duration: int, connections: int = 20) -> Result:
    # Warm every worker first (templates compiled, the page rendered once per process).
    subprocess.run(["wrk", "-t2", f"-c{connections}", "-d1s", url], check=True, capture_output=True)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
        check=True,
        text=True,
        capture_output=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    requests = int(re.search(r"(\d+) requests in", out)[1])
    p50 = _ms(re.search(r"50%\s+([\d.]+\w+)", out)[1])
    p99 = _ms(re.search(r"99%\s+([\d.]+\w+)", out)[1])
    errors = ""
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors = f"{m[1]} non-2xx"
    if m := re.search(r"Socket errors: (.*)", out):
        errors = (errors + " " + m[1]).strip()
    print(f"  {name:<44} {rps:>10,.0f} req/s  p50 {p50:7.2f} ms  p99 {p99:7.2f} ms {errors}")
    return Result(name, rps, p50, p99, requests, errors)


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def memory_growth(server: Server, url: str) -> list[tuple[int, list[int]]]:
    """Each worker's resident size after 10,000 and 50,000 requests (uncached)."""
    marks, done, out = [10_000, 50_000], 0, []
    for mark in marks:
        while done < mark:
            result = subprocess.run(
                ["wrk", "-t2", "-c20", "-d2s", url], check=True, text=True, capture_output=True
            ).stdout
            done += int(re.search(r"(\d+) requests in", result)[1])
        out.append((done, [rss_kib(pid) // 1024 for pid in server.worker_pids()]))
        print(f"  after {done:,} requests: worker RSS {out[-1][1]} MiB")
    return out


# -- the run -----------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hubs", type=int, default=1000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--cache", choices=["locmem", "redis"], default="locmem")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--write", action="store_true", help="add the table to RESULTS.md")
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument("--build-only", action="store_true", help="build the corpus and stop")
    parser.add_argument("--prepare-hub", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare_hub:
        _prepare_hub_here()
        return

    env = corpus_env(args)
    build_corpus(args, env)
    page = prepare_hub(env)
    if args.build_only:
        return
    print(f"Benchmark hub: {page['url']}")
    servers: list[Server] = []
    with tempfile.TemporaryDirectory(prefix="quire-bench-speed-") as tmp:
        workdir = Path(tmp)
        try:
            results = run(args, env, page, workdir, servers)
        except Exception:
            for log in sorted(workdir.rglob("*.log")):
                print(f"--- {log.relative_to(workdir)}:\n{log.read_text()[-2000:]}")
            raise
        finally:
            for server in servers:
                server.stop()
    report(args, results)


def run(args, env, page, workdir: Path, servers: list[Server]) -> dict:
    logs = workdir / "logs"
    logs.mkdir()
    qenv = quire_env(env, workdir)
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=qenv,
        check=True,
    )
    print("Preparing the bare Wagtail site …", flush=True)
    benv = prepare_bare(page, workdir)

    # One blocking thread per worker: measured fastest and steadiest here (more threads
    # only contend for the interpreter lock).
    granian = [
        str(BIN / "granian"),
        *("--interface", "wsgi", "--workers", "2", "--blocking-threads", "1", "--no-ws"),
    ]
    gunicorn = [str(BIN / "gunicorn"), "-w", "2", "--log-level", "warning"]
    p = PORTS
    servers.append(
        start(
            "quire-granian",
            [*granian, "--host", HOST, "--port", str(p["quire-granian"]), "quire.wsgi:application"],
            qenv,
            logs / "granian.log",
        )
    )
    servers.append(
        start(
            "quire-gunicorn",
            [*gunicorn, "-b", f"{HOST}:{p['quire-gunicorn']}", "quire.wsgi:application"],
            qenv,
            logs / "gunicorn.log",
        )
    )
    servers.append(
        start(
            "bare-cached",
            [*gunicorn, "-b", f"{HOST}:{p['bare-cached']}", "bench.bare.wsgi:application"],
            {**benv, "BARE_CACHE": "1"},
            logs / "bare-cached.log",
        )
    )
    servers.append(
        start(
            "bare-uncached",
            [*gunicorn, "-b", f"{HOST}:{p['bare-uncached']}", "bench.bare.wsgi:application"],
            benv,
            logs / "bare-uncached.log",
        )
    )
    quire = f"http://{HOST}:{p['quire-granian']}"
    hub = quire + page["url"]
    uncached = hub + "?bench=1"
    for url in (
        hub,
        f"http://{HOST}:{p['quire-gunicorn']}{page['url']}",
        f"http://{HOST}:{p['bare-cached']}/hub/",
        f"http://{HOST}:{p['bare-uncached']}/hub/",
    ):
        wait_for(url)
    with urllib.request.urlopen(hub) as response:  # noqa: S310 - 127.0.0.1
        html = response.read()
    servers.append(start("nginx-static", nginx_static(workdir, html), env, logs / "n1.log"))
    servers.append(start("nginx-quire", nginx_quire(workdir), env, logs / "n2.log"))
    wait_for(f"http://{HOST}:{p['nginx-static']}/hub/")
    wait_for(f"http://{HOST}:{p['nginx-quire']}{page['url']}")

    d = args.duration
    print(f"\nwrk -t2 -c20 -d{d}s --latency, {args.hubs:,} hubs, {args.database}, {args.cache}:")
    r = {}
    targets = [
        ("nginx-static", "nginx, static copy of the page", f"{HOST}:{p['nginx-static']}/hub/"),
        (
            "bare-cached",
            "bare Wagtail, gunicorn -w 2, cache middleware",
            f"{HOST}:{p['bare-cached']}/hub/",
        ),
        (
            "bare-uncached",
            "bare Wagtail, gunicorn -w 2, uncached",
            f"{HOST}:{p['bare-uncached']}/hub/",
        ),
        ("quire-cached", "Quire, granian -w 2, cached hub", hub),
        (
            "quire-gunicorn",
            "Quire, gunicorn -w 2, cached hub",
            f"{HOST}:{p['quire-gunicorn']}{page['url']}",
        ),
        (
            "nginx-quire",
            "Quire behind nginx (docs/nginx/quire.conf)",
            f"{HOST}:{p['nginx-quire']}{page['url']}",
        ),
        # An unknown parameter passes the page cache by: the hub rendered every time.
        ("quire-uncached", f"Quire, granian -w 2, uncached hub, {COMMENTS} comments", uncached),
        ("quire-channel", "Quire, granian -w 2, cached channel page", quire + page["channel"]),
        ("quire-profile", "Quire, granian -w 2, cached author profile", quire + page["profile"]),
        ("quire-home", "Quire, granian -w 2, cached home page", quire + "/"),
        (
            "quire-channel-uncached",
            "Quire, granian -w 2, uncached channel page",
            quire + page["channel"] + "?bench=1",
        ),
        (
            "quire-profile-uncached",
            "Quire, granian -w 2, uncached author profile",
            quire + page["profile"] + "?bench=1",
        ),
    ]
    r = {}
    for key, name, url in targets:
        r[key] = wrk(name, url if url.startswith("http") else f"http://{url}", d)
    r["memory"] = None if args.no_memory else memory_growth(servers[0], uncached)
    return r


def report(args, r: dict) -> None:
    def ratio(a, b):
        return r[a].rps / r[b].rps

    lines = [
        f"## Page speed over HTTP — {date.today().isoformat()}",
        "",
        f"`{' '.join(['.venv/bin/python', 'bench/page_speed.py', *sys.argv[1:]])}` on {machine()}, "
        f"commit {commit()}: {args.hubs:,} hubs ({args.database}, {args.cache} cache), a "
        f"{WORDS:,}-word hub with {COMMENTS} comments, wrk -t2 -c20 -d{args.duration}s.",
        "",
        "| server | requests/s | p50 | p99 |",
        "|---|---|---|---|",
    ]
    for key, result in r.items():
        if key == "memory" or result is None:
            continue
        errors = f" ({result.errors})" if result.errors else ""
        lines.append(
            f"| {result.name}{errors} | {result.rps:,.0f} "
            f"| {result.p50:.2f} ms | {result.p99:.2f} ms |"
        )
    lines += [
        "",
        "| target | ratio | needed |",
        "|---|---|---|",
        f"| 1. cached hub, Quire (granian) ÷ bare Wagtail + cache middleware "
        f"| {ratio('quire-cached', 'bare-cached'):.2f}× | ≥ 4× |",
        f"| 2. Quire behind nginx ÷ nginx static "
        f"| {ratio('nginx-quire', 'nginx-static'):.0%} | ≥ 50% |",
        f"| 3. uncached hub with {COMMENTS} comments ÷ bare Wagtail uncached "
        f"| {ratio('quire-uncached', 'bare-uncached'):.2f}× | ≥ 2× |",
        f"| server choice: granian ÷ gunicorn sync, cached hub "
        f"| {ratio('quire-cached', 'quire-gunicorn'):.2f}× | |",
    ]
    if r.get("memory"):
        (n1, first), (n2, second) = r["memory"]
        lines += [
            "",
            f"Worker resident size (uncached hub): after {n1:,} requests {first} MiB; "
            f"after {n2:,} requests {second} MiB.",
        ]
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    if args.write:
        results = ROOT / "bench" / "RESULTS.md"
        results.write_text(results.read_text().rstrip("\n") + "\n\n" + text)
        print(f"Added to {results.relative_to(ROOT)}.")


def machine() -> str:
    cpus = os.cpu_count()
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem = int(Path("/proc/meminfo").read_text().split()[1]) // (1024 * 1024)
    return f"{cpus} cores ({model}), {mem} GiB"


def commit() -> str:
    return subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True, capture_output=True
    ).stdout.strip()


if __name__ == "__main__":
    main()
