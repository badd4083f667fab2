"""An author takes their hubs away: Markdown with pictures, or a WordPress (WXR) file."""

import io
import xml.etree.ElementTree as ET
import zipfile

import pytest
from django.test import Client
from wagtail.rich_text import RichText

from quire.comments.models import Comment
from tests.editorial.conftest import writer_account
from tests.factories import make_hub, make_image

pytestmark = pytest.mark.django_db
WP = "{http://wordpress.org/export/1.2/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


@pytest.fixture
def writer_hubs(channel):
    writer = writer_account(first_name="Ana", last_name="Lima")
    picture = make_image("Loaf")
    body = [
        ("text", {"heading": "Start <here>", "text": RichText("<p>Knead &amp; wait.</p>")}),
        ("image", {"image": picture, "alt_text": "A loaf", "caption": "Crust", "credit": ""}),
        ("video", {"url": "https://youtu.be/abcdefghijk", "title": "Shaping", "caption": ""}),
    ]
    live = make_hub(channel, writer, title="Bread & butter", body=body)
    draft = make_hub(channel, writer, title="Unfinished", publish=False)
    Comment.objects.create(
        hub=live, text="Lovely <b>crumb</b>", status="published", guest_name="Rui"
    )
    make_hub(channel, writer_account(first_name="Ben"), title="Someone else's")
    return writer, live, draft


def test_wxr_has_posts_categories_comments_and_pictures(writer_hubs):
    writer, _live, _draft = writer_hubs
    client = Client()
    client.force_login(writer)
    response = client.get("/admin/editorial/export/", {"format": "wxr"})
    assert response["Content-Disposition"].startswith("attachment;")
    root = ET.fromstring(response.content)
    channel = root.find("channel")
    assert channel.find(f"{WP}wxr_version").text == "1.2"
    assert channel.find(f"{WP}category/{WP}cat_name").text == "Food"
    posts = [i for i in channel.findall("item") if i.find(f"{WP}post_type").text == "post"]
    assert {p.find("title").text: p.find(f"{WP}status").text for p in posts} == {
        "Bread & butter": "publish",
        "Unfinished": "draft",
    }
    bread = next(p for p in posts if p.find("title").text == "Bread & butter")
    html = bread.find(CONTENT).text
    assert "<h2>Start &lt;here&gt;</h2>" in html and "Knead &amp; wait." in html
    assert '<img src="http' in html and 'alt="A loaf"' in html
    assert "\nhttps://youtu.be/abcdefghijk\n" in html
    assert bread.find("category").get("nicename") == "food"
    comment = bread.find(f"{WP}comment")
    assert comment.find(f"{WP}comment_author").text == "Rui"
    assert (
        comment.find(f"{WP}comment_content").text == "Lovely <b>crumb</b>"
    )  # text, escaped in XML
    attachments = [
        i for i in channel.findall("item") if i.find(f"{WP}post_type").text == "attachment"
    ]
    assert len(attachments) == 1 and attachments[0].find(f"{WP}attachment_url").text.startswith(
        "http"
    )
    assert b"Someone else" not in response.content


def test_markdown_zip_holds_every_hub_and_its_pictures(writer_hubs):
    writer, live, draft = writer_hubs
    client = Client()
    client.force_login(writer)
    response = client.get("/admin/editorial/export/", {"format": "markdown"})
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert f"hubs/{live.slug}.md" in names and f"hubs/{draft.slug}.md" in names
    assert any(n.startswith("images/") for n in names)
    assert "Someone" not in " ".join(names)


def test_readers_cannot_export(reader):
    client = Client()
    client.force_login(reader)
    assert client.get("/admin/editorial/export/", {"format": "wxr"}).status_code in (302, 403)
