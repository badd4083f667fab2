import json
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.test import Client
from wagtail.contrib.redirects.models import Redirect

from quire.feeds.sitemaps import HubSitemap
from tests.factories import UserFactory, make_hub, make_image

pytestmark = pytest.mark.django_db

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def hubs(channel, author):
    first = make_hub(
        channel, author, title="First & <best> hub", summary="Bread, with “quotes”.", featured=True
    )
    second = make_hub(channel, author, title="Second hub", summary="Soup.", featured=True)
    draft = make_hub(channel, author, title="Unfinished draft", publish=False)
    return first, second, draft


@pytest.mark.parametrize("path", ["/feeds/", "/feeds/atom/"])
def test_site_feeds_are_valid_and_complete(hubs, author, path):
    response = Client().get(path)
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version in ("rss20", "atom10")
    titles = [e.title for e in feed.entries]
    assert titles[:2] == ["Second hub", "First & <best> hub"]
    assert "Unfinished draft" not in titles
    entry = feed.entries[1]
    assert entry.summary == "Bread, with “quotes”."
    assert entry.author == author.author_profile.display_name
    assert entry.link.endswith(hubs[0].url)
    assert entry.published_parsed and entry.tags[0].term == "Food"


def test_channel_and_author_feeds(hubs, channel, author):
    for path in (f"/feeds/channels/{channel.slug}/", f"/feeds/channels/{channel.slug}/atom/"):
        feed = feedparser.parse(Client().get(path).content)
        assert not feed.bozo and {e.title for e in feed.entries} >= {"Second hub"}
    other = make_hub(channel, UserFactory(), title="Someone else's", featured=True)
    slug = author.author_profile.slug
    for path in (f"/feeds/authors/{slug}/", f"/feeds/authors/{slug}/atom/"):
        feed = feedparser.parse(Client().get(path).content)
        assert not feed.bozo
        assert other.title not in [e.title for e in feed.entries]
    assert Client().get("/feeds/channels/nope/").status_code == 404
    assert Client().get("/feeds/authors/nope/").status_code == 404


def test_pages_advertise_their_feeds(hubs, channel, author):
    home = Client().get("/").content.decode()
    assert 'type="application/rss+xml" title="Quire: newest hubs" href="/feeds/"' in home
    channel_page = Client().get(channel.url).content.decode()
    assert f'href="/feeds/channels/{channel.slug}/"' in channel_page
    profile = Client().get(author.author_profile.get_absolute_url()).content.decode()
    assert f'href="/feeds/authors/{author.author_profile.slug}/"' in profile


def _locs(xml: bytes) -> list[str]:
    return [el.text for el in ET.fromstring(xml).iter(f"{SITEMAP_NS}loc")]


def test_sitemap_index_sections_and_robots(hubs, channel, author):
    index = Client().get("/sitemap.xml")
    sections = _locs(index.content)
    assert [s.rsplit("/", 1)[1] for s in sections] == [
        "sitemap-hubs.xml",
        "sitemap-channels.xml",
        "sitemap-authors.xml",
    ]
    hub_urls = _locs(Client().get("/sitemap-hubs.xml").content)
    assert any(u.endswith(hubs[0].url) for u in hub_urls)
    assert not any(u.endswith(hubs[2].url or "/unfinished-draft/") for u in hub_urls)
    root = ET.fromstring(Client().get("/sitemap-hubs.xml").content)
    assert all(u.find(f"{SITEMAP_NS}lastmod") is not None for u in root)
    channels = _locs(Client().get("/sitemap-channels.xml").content)
    assert len(channels) == 22
    authors = _locs(Client().get("/sitemap-authors.xml").content)
    assert [u.rsplit("/authors/", 1)[1] for u in authors] == [f"{author.author_profile.slug}/"]
    robots = Client().get("/robots.txt").content.decode()
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots


def test_sitemap_sections_are_paged(hubs, channel, author, monkeypatch):
    monkeypatch.setattr(HubSitemap, "limit", 1)
    sections = _locs(Client().get("/sitemap.xml").content)
    assert sum("sitemap-hubs.xml" in s for s in sections) == 2
    assert any(s.endswith("sitemap-hubs.xml?p=2") for s in sections)
    assert len(_locs(Client().get("/sitemap-hubs.xml?p=2").content)) == 1
    assert Client().get("/sitemap-hubs.xml?p=9").status_code == 404


def test_hub_metadata_and_json_ld(channel, author):
    author.author_profile.display_name = 'Ana "</script><script>alert(1)</script>'
    author.author_profile.save()
    hub = make_hub(
        channel,
        author,
        title="Bread </script> & butter",
        summary='A "quoted" summary <b>.',
        lead_image=make_image(),
        lead_image_alt="A loaf",
    )
    html = Client().get(hub.url).content.decode()
    assert html.count("<title>") == 1
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{hub.url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Bread &lt;/script&gt; &amp; butter">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert re.search(
        r'<meta property="og:image" content="http://127\.0\.0\.1:8000/media/[^"]+\.jpg">', html
    )
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1 and "</script><script>" not in blocks[0]
    data = json.loads(blocks[0])
    assert data["@type"] == "Article" and data["headline"] == "Bread </script> & butter"
    assert data["author"]["name"] == 'Ana "</script><script>alert(1)</script>'
    assert data["author"]["url"].endswith(author.author_profile.get_absolute_url())
    assert data["datePublished"] and data["dateModified"] and data["image"][0].endswith(".jpg")
    assert data["publisher"]["name"] == "Quire"


def test_every_reader_page_has_its_own_title_description_and_canonical(hubs, channel, author):
    seen = set()
    for url in [
        "/",
        channel.url,
        hubs[0].url,
        hubs[1].url,
        author.author_profile.get_absolute_url(),
    ]:
        html = Client().get(url).content.decode()
        title = re.search(r"<title>(.*?)</title>", html).group(1)
        assert title not in seen, (url, title)
        seen.add(title)
        assert re.search(r'<meta name="description" content="[^"]+">', html)
        assert re.search(r'<link rel="canonical" href="http://127\.0\.0\.1:8000/[^"]*">', html)
        assert f'<meta property="og:url" content="http://127.0.0.1:8000{url}">' in html
    profile = Client().get(author.author_profile.get_absolute_url()).content.decode()
    assert '<meta property="og:type" content="profile">' in profile


def test_a_renamed_hub_keeps_its_old_address(hubs, channel, django_capture_on_commit_callbacks):
    hub = hubs[1]
    old_url = hub.url
    hub.slug = "second-hub-renamed"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail redirects on commit
        hub.save_revision().publish()
    hub.refresh_from_db()
    assert hub.url.endswith("/second-hub-renamed/")
    assert Redirect.objects.filter(old_path=old_url.rstrip("/")).exists()
    response = Client().get(old_url)
    assert response.status_code == 301 and response["Location"].endswith(hub.url)
