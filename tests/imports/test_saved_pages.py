"""Saved web pages (a HubPages hub saved by a browser) and Medium exports, and zip files
that try to harm the site."""

import datetime
import io
import zipfile

import pytest

from quire.articles.models import ArticlePage
from quire.imports.archive import ArchiveError, open_archive
from quire.imports.services import (
    ImportFileError,
    detect_kind,
    import_items,
    local_image_finder,
    read_export,
)
from tests.editorial.conftest import writer_account
from tests.factories import png_bytes

pytestmark = pytest.mark.django_db

SAVED_HUB = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>Keeping Bees on a City Roof - HubPages</title>
<meta property="og:title" content="Keeping Bees on a City Roof">
<meta property="og:description" content="What two summers of rooftop hives taught me.">
<link rel="canonical" href="https://discover.example/pets/keeping-bees-on-a-city-roof">
<script>window.tracker = "gone";</script>
</head><body>
<nav class="breadcrumbs"><a href="/">Home</a> › <a href="/pets">Pets</a></nav>
<article>
<h1>Keeping Bees on a City Roof</h1>
<div class="byline">By Mara Lind · Updated on Mar 4, 2024</div>
<div class="content">
<h2>Why a roof works</h2>
<p>A flat roof is warm, quiet and above the people walking by, which suits bees and
neighbours alike. The hives face south-east so the morning sun wakes them early.</p>
<figure><img src="Keeping%20Bees_files/hive.png" alt="Two white hives">
<figcaption>The two hives in their second April.</figcaption></figure>
<ul><li>A smoker and dry burlap</li><li>A veil that zips to the jacket</li></ul>
<blockquote>Bees never keep your schedule; keep theirs.</blockquote>
<h2>Talking to neighbours</h2>
<p>Tell the building early and bring honey in autumn. Nobody minds bees they were
asked about; everybody minds bees that <a href="javascript:alert(1)">surprise</a> them.</p>
<div class="photo"><img src="Keeping%20Bees_files/jar.png" alt="A jar of honey">
<div class="image-caption">The first harvest: eleven jars.</div></div>
<p>Next year I will add a third hive and a scale under each one.</p>
</div>
</article>
<section class="comments">
<div class="comment"><span class="comment-name">Iris P.</span>
<time datetime="2024-03-06T08:00:00Z">2 years ago</time>
<div class="comment-text"><p>Did the heat on the roof bother them in July?</p></div></div>
<div class="comment"><span class="comment-name">Mara Lind</span>
<time datetime="2024-03-07T09:30:00Z">2 years ago</time>
<div class="comment-text"><p>A little: I shade the lids with a board.</p></div></div>
</section>
</body></html>
"""


def zip_of(files: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def run(user, channel, data: bytes):
    source, items = read_export(detect_kind(data[:512]), data)
    return import_items(
        user, source, items, fallback_channel=channel, find_image=local_image_finder(user)
    )


def test_a_saved_hub_with_its_pictures_becomes_a_draft(channel):
    mara = writer_account(first_name="Mara")
    data = zip_of(
        {
            "Keeping Bees.html": SAVED_HUB.encode(),
            "Keeping Bees_files/hive.png": png_bytes(),
            "Keeping Bees_files/jar.png": png_bytes(colour=(240, 200, 40)),
        }
    )
    assert detect_kind(data[:512]) == "zip"
    [line] = run(mara, channel, data)
    assert line["status"] == "imported", line
    hub = ArticlePage.objects.get(pk=line["hub_id"])
    assert not hub.live and hub.owner == mara
    assert hub.title == "Keeping Bees on a City Roof"
    assert hub.get_parent().title == "Pets"  # the breadcrumb names a Quire channel
    assert hub.summary == "What two summers of rooftop hives taught me."
    assert hub.first_published_at == datetime.datetime(2024, 3, 4, tzinfo=datetime.UTC)
    kinds = [b.block_type for b in hub.body]
    assert kinds.count("image") == 2 and "list" in kinds and "quote" in kinds
    headings = [b.value["heading"] for b in hub.body if b.block_type == "text"]
    assert "Why a roof works" in headings and "Talking to neighbours" in headings
    images = [b.value for b in hub.body if b.block_type == "image"]
    assert [i["caption"] for i in images] == [
        "The two hives in their second April.",
        "The first harvest: eleven jars.",
    ]
    assert images[0]["image"].uploaded_by_user == mara
    text = " ".join(b.value["text"].source for b in hub.body if b.block_type == "text")
    assert "javascript:" not in text and "tracker" not in text
    assert "The first harvest" not in text  # the caption is not repeated as a paragraph
    comments = list(hub.reader_comments.order_by("created_at"))
    assert [(c.guest_name, c.text) for c in comments] == [
        ("Iris P.", "Did the heat on the roof bother them in July?"),
        ("Mara Lind", "A little: I shade the lids with a board."),
    ]
    assert comments[0].created_at == datetime.datetime(2024, 3, 6, 8, tzinfo=datetime.UTC)
    # Again: recognised by the page's canonical address.
    assert run(mara, channel, data)[0]["status"] == "skipped"


def test_one_saved_page_without_its_folder_reports_the_missing_pictures(channel):
    mara = writer_account(first_name="Mara")
    data = SAVED_HUB.encode()
    assert detect_kind(data[:512]) == "page"
    [line] = run(mara, channel, data)
    assert line["status"] == "imported"
    assert any("hive.png" in problem for problem in line["problems"])


MEDIUM_POST = """<!DOCTYPE html><html><head><title>Night trains of the north</title></head>
<body><article class="h-entry">
<header><h1 class="p-name">Night trains of the north</h1></header>
<section data-field="subtitle" class="p-summary">Sleeping across three borders.</section>
<section data-field="body" class="e-content"><section><div><div>
<h3 class="graf graf--h3 graf--title">Night trains of the north</h3>
<p class="graf graf--p">The couchette smelled of coffee and wet wool, and the conductor
knew every passenger by the second evening.</p>
<figure class="graf graf--figure"><img src="https://cdn-images-1.medium.example/max/800/1.jpeg">
<figcaption>Dawn near the border.</figcaption></figure>
<ol><li>Book early</li><li>Bring slippers</li></ol>
</div></div></section></section>
<footer><p>By <a class="p-author h-card" href="https://medium.example/@ola">Ola</a> on
<a href="https://medium.example/p/1"><time class="dt-published"
 datetime="2022-11-02T19:12:00.000Z">November 2, 2022</time></a>.</p>
<p><a href="https://medium.example/@ola/night-trains-1"
 class="p-canonical">Canonical link</a></p></footer>
</article></body></html>"""


def test_a_medium_export_becomes_drafts(channel):
    ola = writer_account(first_name="Ola")
    data = zip_of(
        {
            "README.html": b"<html><body>Your archive</body></html>",
            "profile/profile.html": b"<html><body>Ola</body></html>",
            "posts/2022-11-02_Night-trains-abc.html": MEDIUM_POST.encode(),
        }
    )
    [line] = run(ola, channel, data)
    assert line["status"] == "imported", line
    hub = ArticlePage.objects.get(pk=line["hub_id"])
    assert hub.title == "Night trains of the north"
    assert hub.summary == "Sleeping across three borders."
    assert hub.first_published_at == datetime.datetime(2022, 11, 2, 19, 12, tzinfo=datetime.UTC)
    text = " ".join(b.value["text"].source for b in hub.body if b.block_type == "text")
    assert "couchette" in text and text.count("Night trains of the north") == 0
    assert any(b.block_type == "list" for b in hub.body)
    assert any("medium.example" in p for p in line["problems"])  # not downloaded
    assert run(ola, channel, data)[0]["status"] == "skipped"


def test_paths_leading_out_of_the_archive_and_links_are_never_read(channel):
    data = zip_of(
        {
            "../../etc/passwd.html": SAVED_HUB.encode(),
            "/abs/page.html": SAVED_HUB.encode(),
            "ok/page.html": SAVED_HUB.encode(),
        }
    )
    archive = open_archive(data)
    assert archive.names() == ["ok/page.html"]
    assert len(archive.refused) == 2
    mara = writer_account(first_name="Mara")
    assert [line["status"] for line in run(mara, channel, data)] == ["imported"]


def test_a_zip_bomb_is_refused():
    bomb = zip_of({"page.html": b"<html>" + b" " * (30 * 1024 * 1024) + b"</html>"})
    assert len(bomb) < 100_000
    with pytest.raises(ArchiveError, match="zip bomb"):
        open_archive(bomb)
    with pytest.raises(ImportFileError, match="neither"):
        read_export("zip", bomb)


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04 cut short",
        zip_of({"notes.txt": b"no pages here"}),
    ],
)
def test_damaged_or_unknown_zips_get_a_clear_message(data):
    with pytest.raises(ImportFileError):
        _source, items = read_export("zip", data)
        list(items)


def test_a_page_without_an_article_fails_with_a_reason(channel):
    mara = writer_account(first_name="Mara")
    data = zip_of({"empty.html": b"<html><head><title>Nothing</title></head><body></body></html>"})
    [line] = run(mara, channel, data)
    assert line["status"] == "failed" and line["reason"]
