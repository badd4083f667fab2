"""The page cache as a reader meets it: what is served from it, and that every change is
seen at once."""

import gzip
from urllib.parse import urlparse

import brotli
import pytest
from django.test import Client
from django.utils import timezone

from quire.articles.models import ChannelPage
from quire.comments.models import Comment
from quire.comments.text import fingerprint
from quire.editorial.services import hub_feature
from tests.factories import make_hub

HIT = "hit"


def fetch(client: Client, url: str, **headers):
    response = client.get(url, **headers)
    return response, response.get("X-Quire-Cache")


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def featured_hub(channel, author, editor):
    hub = make_hub(channel, author, title="Slow bread")
    hub_feature(hub, editor, featured=True)
    return hub


def reader_pages(hub, channel, author) -> list[str]:
    return [
        "/",
        channel.url,
        hub.url,
        author.author_profile.get_absolute_url(),
        "/feeds/",
        "/feeds/atom/",
        f"/feeds/channels/{channel.slug}/",
        f"/feeds/authors/{author.author_profile.slug}/",
        "/sitemap.xml",
        "/robots.txt",
    ]


def test_anonymous_pages_come_from_the_cache(featured_hub, channel, author):
    client = Client()
    for url in reader_pages(featured_hub, channel, author):
        first, outcome = fetch(client, url)
        assert first.status_code == 200, url
        assert outcome == "miss", url
        second, outcome = fetch(client, url)
        assert outcome == HIT, url
        assert second.content == first.content, url
        assert second["Cache-Control"].startswith("public, max-age=0"), url
        assert second["ETag"].startswith('W/"') and second["Last-Modified"], url
        assert not second.cookies, url


def test_cached_pages_keep_their_security_headers(featured_hub):
    client = Client()
    client.get(featured_hub.url)
    response, outcome = fetch(client, featured_hub.url)
    assert outcome == HIT
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_conditional_requests_get_304(featured_hub):
    client = Client()
    first = client.get(featured_hub.url)
    response = client.get(featured_hub.url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == first["ETag"]
    response = client.get(featured_hub.url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert response.status_code == 304
    # Another version's tag gets the page.
    assert client.get(featured_hub.url, HTTP_IF_NONE_MATCH='W/"other"').status_code == 200


def test_pages_are_compressed_as_the_client_accepts(featured_hub):
    client = Client()
    plain = client.get(featured_hub.url).content
    response = client.get(featured_hub.url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "br"
    assert brotli.decompress(response.content) == plain
    assert int(response["Content-Length"]) == len(response.content) < len(plain)
    response = client.get(featured_hub.url, HTTP_ACCEPT_ENCODING="gzip, br;q=0")
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content) == plain
    response = client.get(featured_hub.url, HTTP_ACCEPT_ENCODING="identity")
    assert not response.has_header("Content-Encoding") and response.content == plain
    assert "Accept-Encoding" in response["Vary"]


def test_head_is_answered_from_the_cache_without_a_body(featured_hub):
    client = Client()
    page = client.get(featured_hub.url)
    response = client.head(featured_hub.url)
    assert response.status_code == 200 and response.content == b""
    assert response["X-Quire-Cache"] == HIT
    assert response["Content-Length"] == str(len(page.content))


def test_known_parameters_are_cached_apart_and_unknown_ones_bypass(channel, author):
    for n in range(25):
        make_hub(channel, author, title=f"Hub number {n}")
    client = Client()
    first = client.get(channel.url)
    second_page, outcome = fetch(client, channel.url + "?page=2")
    assert outcome == "miss" and second_page.content != first.content
    assert fetch(client, channel.url + "?page=2")[1] == HIT
    for query in ("?utm_source=x", "?page=abc", "?page=2&page=3", "?page=2&x=1"):
        response, outcome = fetch(client, channel.url + query)
        assert response.status_code == 200 and outcome is None, query


def test_a_list_parameter_repeats_with_ids_and_is_bounded():
    from quire.pagecache.middleware import MAX_LIST_VALUES, PageCache

    cache = PageCache()

    def key(query):
        return cache.key({"REQUEST_METHOD": "GET", "PATH_INFO": "/x/", "QUERY_STRING": query})

    assert key("hub=2&hub=1") == key("hub=1&hub=2") != key("hub=1")
    assert key("hub=1&page=2").endswith("?hub=1&page=2")
    ids = "&".join(f"hub={n}" for n in range(1, MAX_LIST_VALUES + 2))
    for query in ("hub=x", "hub=0", "hub=1&author=2", ids, "page=1&page=2"):
        assert key(query) is None, query


def test_signed_in_readers_bypass_the_cache_and_leave_no_trace(featured_hub, reader):
    client = Client()
    client.force_login(reader)
    response, outcome = fetch(client, featured_hub.url)
    assert outcome is None
    assert "private" in response["Cache-Control"]
    assert "Ravi Menon" in html(response) or "Sign out" in html(response)
    client.logout()
    response, outcome = fetch(client, featured_hub.url)
    assert outcome == "miss"
    assert "Sign out" not in html(response) and "Ravi" not in html(response)
    assert "csrfmiddlewaretoken" not in html(response)
    # And the anonymous page is not what the signed-in reader gets.
    client.force_login(reader)
    response, outcome = fetch(client, featured_hub.url)
    assert outcome is None and "Sign out" in html(response)


def test_a_response_that_sets_a_cookie_is_not_kept(featured_hub):
    from quire.consent.models import ConsentSettings

    settings = ConsentSettings.load()
    settings.country_header = "CF-IPCountry"
    settings.save()
    client = Client()
    first = client.get(featured_hub.url, HTTP_CF_IPCOUNTRY="US")
    assert first.cookies["quire_region"].value == "out"
    # A page taken from the cache still gets the region cookie it needs.
    other = Client()
    other.get(featured_hub.url)
    response, outcome = fetch(other, featured_hub.url, HTTP_CF_IPCOUNTRY="FR")
    assert outcome == HIT and response.cookies["quire_region"].value == "in"


# -- every change is seen at once ----------------------------------------------------------


@pytest.fixture
def warm(featured_hub, channel, author):
    """Every reader page of the hub, cached."""
    client = Client()
    urls = reader_pages(featured_hub, channel, author)
    for url in urls:
        client.get(url)
        assert fetch(client, url)[1] == HIT, url
    return client


def publish_change(hub, **fields):
    for name, value in fields.items():
        setattr(hub, name, value)
    hub.save_revision(user=hub.owner).publish()


def test_publishing_an_edit_refreshes_every_page_showing_the_hub(
    warm, featured_hub, channel, author
):
    from quire.editorial.models import EditorialSettings

    # The hub stays featured (listed on the home page and in the feeds) when edited.
    EditorialSettings.objects.update_or_create(defaults={"reassess_featured_on_edit": False})
    publish_change(featured_hub, title="Quick bread")
    for url in reader_pages(featured_hub, channel, author)[:-2]:  # not sitemap, robots
        response, outcome = fetch(warm, url)
        assert outcome == "miss", url
        assert "Quick bread" in html(response), url
        assert "Slow bread" not in html(response), url


def test_unpublishing_refreshes_the_hub_and_its_lists(warm, featured_hub, channel, author):
    featured_hub.unpublish()
    assert warm.get(featured_hub.url).status_code == 404
    for url in ("/", channel.url, author.author_profile.get_absolute_url(), "/feeds/"):
        assert "Slow bread" not in html(warm.get(url)), url


def test_moving_a_hub_refreshes_both_channels(warm, featured_hub, channel):
    other = ChannelPage.objects.get(slug="travel")
    Client().get(other.url)
    featured_hub.move(other, pos="last-child")
    assert "Slow bread" not in html(warm.get(channel.url))
    assert "Slow bread" in html(warm.get(other.url))
    featured_hub.refresh_from_db()
    assert warm.get(featured_hub.url).status_code == 200


def test_an_approved_comment_refreshes_its_hub(warm, featured_hub, reader):
    comment = Comment.objects.create(
        hub=featured_hub,
        user=reader,
        text="Held for a moment",
        text_hash=fingerprint("Held for a moment"),
        created_at=timezone.now(),
        status=Comment.Status.PENDING,
    )
    assert "Held for a moment" not in html(warm.get(featured_hub.url))
    comment.status = Comment.Status.PUBLISHED
    comment.save()
    response, outcome = fetch(warm, featured_hub.url)
    assert outcome == "miss" and "Held for a moment" in html(response)


def test_a_profile_change_refreshes_the_authors_hubs(warm, featured_hub, author):
    profile = author.author_profile
    profile.display_name = "Hana O. the Baker"
    profile.save()
    assert "Hana O. the Baker" in html(warm.get(featured_hub.url))
    assert "Hana O. the Baker" in html(warm.get(profile.get_absolute_url()))
    assert "Hana O. the Baker" in html(warm.get("/feeds/"))


def test_a_channel_change_refreshes_every_page(warm, featured_hub, channel):
    other = ChannelPage.objects.get(slug="travel")
    other.title = "Journeys"
    other.save_revision().publish()
    for url in ("/", channel.url, featured_hub.url):
        assert ">Journeys<" in html(warm.get(url)), url


def test_featuring_refreshes_the_home_page(warm, channel, author, editor):
    hub = make_hub(channel, author, title="Rye and patience")
    assert "Rye and patience" not in html(warm.get("/feeds/"))
    hub_feature(hub, editor, featured=True)
    assert "Rye and patience" in html(warm.get("/feeds/"))


def test_a_newly_featured_hub_appears_in_the_sitemap_at_once(warm, channel, author, editor):
    hub = make_hub(channel, author, title="Spelt and honey")
    sitemap_pages = [
        loc for loc in html(warm.get("/sitemap.xml")).split("<loc>")[1:] if "sitemap-" in loc
    ]
    assert sitemap_pages
    section = urlparse(sitemap_pages[0].split("</loc>")[0]).path
    warm.get(section)
    assert hub.url not in html(warm.get(section))
    hub_feature(hub, editor, featured=True)
    assert hub.url in html(warm.get(section))


def test_the_consent_token_endpoint_is_never_cached(db):
    client = Client()
    first = client.get("/privacy/token/")
    second = client.get("/privacy/token/")
    assert first.status_code == second.status_code == 200
    assert "X-Quire-Cache" not in second


def test_a_signed_in_readers_page_is_gzipped(featured_hub, reader):
    client = Client()
    client.force_login(reader)
    response = client.get(featured_hub.url, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "Sign out" in gzip.decompress(response.content).decode()
