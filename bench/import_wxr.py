"""How long a big WordPress export takes to import: 10,000 posts by default.

    .venv/bin/python bench/import_wxr.py        # POSTS=10000, a fresh SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/quire_bench_import \
        .venv/bin/python bench/import_wxr.py

It writes a WordPress WXR 1.2 file of ``POSTS`` posts (original sentences from the demo
corpus: sections with headings, lists, quotes, a category each, two approved comments on
every fifth post), then runs ``manage.py quire_import`` on it into a database of its own
(migrated and set up first) and reports the time and the report's totals. The issue's
target: under 5 minutes for 10,000 posts.
"""

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quire.demo import corpus

POSTS = int(os.environ.get("POSTS", "10000"))
CHANNELS = ["Food", "Travel", "Home", "Books", "Pets", "Technology", "Health", "Sports"]


def post_xml(n: int, rng: random.Random) -> str:
    sections = []
    for _ in range(4):
        heading = rng.choice(corpus.HEADINGS)
        paragraphs = "".join(
            f"<p>{escape(' '.join(rng.sample(corpus.SENTENCES, 4)))}</p>" for _ in range(2)
        )
        sections.append(f"<h2>{escape(heading)}</h2>{paragraphs}")
    items = "".join(f"<li>{escape(i)}</li>" for i in rng.sample(corpus.LIST_ITEMS, 3))
    sections.insert(
        2, f"<ul>{items}</ul><blockquote>{escape(rng.choice(corpus.PULL_QUOTES))}</blockquote>"
    )
    title = f"Notes from the workshop, number {n}"
    comments = ""
    if n % 5 == 0:
        for c in range(2):
            comments += f"""
      <wp:comment><wp:comment_id>{n * 10 + c}</wp:comment_id>
        <wp:comment_author><![CDATA[Reader {c}]]></wp:comment_author>
        <wp:comment_date_gmt>2021-05-0{c + 1} 10:00:00</wp:comment_date_gmt>
        <wp:comment_content><![CDATA[{escape(rng.choice(corpus.COMMENTS))}]]></wp:comment_content>
        <wp:comment_approved>1</wp:comment_approved></wp:comment>"""
    return f"""
    <item>
      <title>{title}</title>
      <pubDate>Mon, 0{1 + n % 9} Mar 2021 09:00:00 +0000</pubDate>
      <category domain="category" nicename="c"><![CDATA[{CHANNELS[n % len(CHANNELS)]}]]></category>
      <content:encoded><![CDATA[{"".join(sections)}]]></content:encoded>
      <excerpt:encoded><![CDATA[]]></excerpt:encoded>
      <wp:post_id>{n}</wp:post_id>
      <wp:post_type>post</wp:post_type>
      <wp:status>publish</wp:status>{comments}
    </item>"""


def write_export(path: Path) -> None:
    rng = random.Random(7)
    with path.open("w") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Bench</title>'
            "<wp:wxr_version>1.2</wp:wxr_version>"
        )
        for n in range(1, POSTS + 1):
            out.write(post_xml(n, rng))
        out.write("</channel></rss>\n")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="quire-bench-import-") as tmp:
        export = Path(tmp) / "export.xml"
        write_export(export)
        print(f"{POSTS:,} posts in {export.stat().st_size / 1e6:.1f} MB")
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "quire.settings.dev", "DEBUG": "0"}
        env.setdefault("DATABASE_URL", f"sqlite:///{tmp}/import.sqlite3")
        env["MEDIA_ROOT"] = str(Path(tmp) / "media")

        def manage(*args, **kwargs):
            return subprocess.run(
                [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs
            )

        manage("migrate", "--noinput", "-v", "0")
        manage("quire_setup", stdout=subprocess.DEVNULL)
        manage(
            "shell",
            "-c",
            "from tests.editorial.conftest import writer_account;"
            "writer_account(first_name='Bench', email='bench-importer@example.org')",
        )
        start = time.perf_counter()
        result = manage(
            "quire_import",
            "--as",
            "bench-importer@example.org",
            str(export),
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
        totals = [
            line
            for line in result.stdout.splitlines()
            if line.split(":")[0] in ("imported", "skipped", "failed")
        ]
        print(f"quire_import: {seconds:.1f} s ({POSTS / seconds:.0f} posts/s); {', '.join(totals)}")


if __name__ == "__main__":
    main()
