"""WordPress imports: a round trip through Quire's own WXR export, once only, with
hostile markup cleaned and hostile XML refused."""

import datetime

import pytest
from wagtail.rich_text import RichText

from quire.articles.models import ArticlePage
from quire.articles.wxr import hubs_wxr
from quire.comments.models import Comment
from quire.editorial.account import hub_entries, published_comments
from quire.imports.services import ImportFileError, import_items, local_image_finder, read_wxr
from tests.editorial.conftest import writer_account
from tests.factories import make_hub, make_image

pytestmark = pytest.mark.django_db


def entries(user):
    return list(hub_entries(user))


@pytest.fixture
def exported(channel):
    ana = writer_account(first_name="Ana", last_name="Lima")
    picture = make_image("Loaf")
    # Pictures of this site come along only when the importing author may use them.
    picture.uploaded_by_user = ana
    picture.save()
    body = [
        (
            "text",
            {
                "heading": "Start",
                "text": RichText(
                    '<p>Knead <b>well</b>, see <a href="https://example.org/">this</a>.</p>'
                ),
            },
        ),
        ("image", {"image": picture, "alt_text": "A loaf", "caption": "Crust", "credit": ""}),
        (
            "list",
            {"style": "numbered", "items": [RichText("<p>Flour</p>"), RichText("<p>Water</p>")]},
        ),
        ("quote", {"quote": "Bread is time.", "attribution": "A baker", "source_url": ""}),
        ("code", {"language": "", "code": "rise(2)", "caption": ""}),
        (
            "table",
            {"data": [["Item", "Grams"], ["Flour", "500"]], "first_row_is_table_header": True},
        ),
    ]
    hub = make_hub(
        channel, ana, title="Bread & butter", body=body, lead_image=picture, lead_image_alt="Crumb"
    )
    Comment.objects.create(hub=hub, text="Lovely crumb.", status="published", guest_name="Rui")
    from django.conf import settings

    base = settings.WAGTAILADMIN_BASE_URL  # an export from this very site
    data = hubs_wxr(
        entries(ana),
        base_url=base,
        site_name="Quire",
        author=ana,
        comments_of=published_comments,
    )
    return ana, hub, data


def test_a_round_trip_gives_the_same_hub_as_a_draft(exported, channel):
    ana, original, data = exported
    report = import_items(
        ana, "wxr", read_wxr(data), fallback_channel=channel, find_image=local_image_finder(ana)
    )
    assert [r["status"] for r in report] == ["imported"]
    copy = ArticlePage.objects.get(pk=report[0]["hub_id"])
    assert copy.title == "Bread & butter" and copy.owner == ana and not copy.live
    assert copy.get_parent().specific == channel  # category "Food" → the Food channel
    assert copy.first_published_at == original.first_published_at.replace(microsecond=0)
    assert [b.block_type for b in copy.body] == ["text", "image", "list", "quote", "code", "table"]
    assert copy.body[0].value["heading"] == "Start"
    assert '<a href="https://example.org/">this</a>' in copy.body[0].value["text"].source
    assert copy.body[1].value["image"].pk == original.body[1].value["image"].pk
    assert copy.body[1].value["caption"] == "Crust"
    assert copy.lead_image_id == original.lead_image_id  # the featured image came along
    assert [i.source for i in copy.body[2].value["items"]] == ["<p>Flour</p>", "<p>Water</p>"]
    assert copy.body[3].value["attribution"] == "A baker"
    assert copy.body[5].value["data"][1] == ["Flour", "500"]
    comment = Comment.objects.get(hub=copy)
    assert comment.writer_name == "Rui" and comment.text == "Lovely crumb."
    # Again: skipped, nothing doubled.
    again = import_items(
        ana, "wxr", read_wxr(data), fallback_channel=channel, find_image=local_image_finder(ana)
    )
    assert again[0]["status"] == "skipped" and ArticlePage.objects.filter(owner=ana).count() == 2


HOSTILE = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Sneaky</title><wp:post_id>7</wp:post_id><wp:post_type>post</wp:post_type>
<pubDate>Tue, 03 Mar 2015 10:00:00 +0000</pubDate>
<content:encoded><![CDATA[<p onclick="steal()">Hello <a href="javascript:alert(1)">there</a></p>
<script>alert(2)</script><img src="https://elsewhere.example/x.png" alt="gone">
<style>p{}</style>]]></content:encoded>
</item>
<item><title></title><wp:post_id>8</wp:post_id><wp:post_type>post</wp:post_type>
<content:encoded>x</content:encoded></item>
<item><title>Attachment</title><wp:post_id>9</wp:post_id><wp:post_type>attachment</wp:post_type></item>
</channel></rss>"""


def test_hostile_markup_is_cleaned_and_missing_pictures_reported(channel):
    ben = writer_account(first_name="Ben")
    report = import_items(
        ben, "wxr", read_wxr(HOSTILE), fallback_channel=channel, find_image=local_image_finder(ben)
    )
    assert [r["status"] for r in report] == ["imported", "failed"]
    assert report[1]["reason"] == "The item has no title."
    assert report[0]["problems"] == ["Picture not found: https://elsewhere.example/x.png"]
    hub = ArticlePage.objects.get(pk=report[0]["hub_id"])
    text = hub.body[0].value["text"].source
    assert "Hello" in text and "onclick" not in text and "javascript" not in text
    assert "script" not in text and "alert" not in text
    assert hub.first_published_at == datetime.datetime(2015, 3, 3, 10, 0, tzinfo=datetime.UTC)


def test_xml_bombs_and_non_exports_are_refused():
    bomb = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>
<rss><channel><title>&lol2;</title></channel></rss>"""
    with pytest.raises(ImportFileError):
        list(read_wxr(bomb))
    with pytest.raises(ImportFileError, match="Not a WordPress export"):
        list(read_wxr(b"<rss><channel><title>x</title></channel></rss>"))
    with pytest.raises(ImportFileError):
        list(read_wxr(b"\x00\x01 not xml"))


def test_the_command_imports_with_a_report(tmp_path, exported, channel):
    from io import StringIO

    from django.core.management import call_command

    _ana, _hub, data = exported
    writer_account(first_name="Cara", email="cara@example.org")
    path = tmp_path / "export.xml"
    path.write_bytes(data)
    out = StringIO()
    call_command("quire_import", str(path), "--as", "cara@example.org", stdout=out)
    assert "imported: 1" in out.getvalue()
    out = StringIO()
    call_command("quire_import", str(path), "--as", "cara@example.org", stdout=out)
    assert "skipped: 1" in out.getvalue() and "Imported before." in out.getvalue()


def test_the_import_page_runs_in_the_background_and_reports(exported):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client, TestCase
    from django_tasks_db.models import DBTaskResult

    from quire.imports.models import ImportJob
    from tests.tasks import run_queued

    _ana, _hub, data = exported
    ben = writer_account(first_name="Ben")
    client = Client()
    client.force_login(ben)
    assert client.get("/admin/imports/").status_code == 200
    bad = client.post("/admin/imports/", {"file": SimpleUploadedFile("x.txt", b"plain words")})
    assert bad.status_code == 400 and "this is none of them" in bad.content.decode()
    bad = client.post("/admin/imports/", {"file": SimpleUploadedFile("x.zip", b"PK\x03\x04zip")})
    assert bad.status_code == 400 and "neither a Medium export" in bad.content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/admin/imports/", {"file": SimpleUploadedFile("wp.xml", data)})
    job = ImportJob.objects.get(user=ben)
    assert response["Location"] == f"/admin/imports/{job.pk}/"
    assert 'http-equiv="refresh"' in client.get(response["Location"]).content.decode()
    run_queued(DBTaskResult.objects.all())
    job.refresh_from_db()
    assert job.status == "done" and job.done == job.total == 1 and not job.file
    page = client.get(f"/admin/imports/{job.pk}/").content.decode()
    assert "Imported 1, skipped 0, failed 0" in page and "Bread &amp; butter" in page
    # Nobody else sees it.
    other = Client()
    other.force_login(writer_account(first_name="Cy"))
    assert other.get(f"/admin/imports/{job.pk}/").status_code == 404
