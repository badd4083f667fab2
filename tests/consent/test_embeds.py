"""Video and map capsules: accepted addresses, placeholders, and the page's policy."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from wagtail.blocks.struct_block import StructBlockValidationError

from quire.articles import embeds
from quire.articles.blocks import VideoBlock
from quire.consent.models import Service
from tests.factories import make_hub, text_block

pytestmark = pytest.mark.django_db

YT = "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
        "https://youtube.com/watch?v=aqz-KE-bpKQ&t=42s",
        "https://m.youtube.com/watch?v=aqz-KE-bpKQ",
        "https://youtu.be/aqz-KE-bpKQ",
        "https://www.youtube.com/shorts/aqz-KE-bpKQ",
        "https://www.youtube.com/embed/aqz-KE-bpKQ",
        "http://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
    ],
)
def test_youtube_addresses_become_nocookie_embeds(url):
    embed = embeds.video(url)
    assert embed.service == "youtube" and embed.src == YT
    assert embed.link == "https://www.youtube.com/watch?v=aqz-KE-bpKQ"


@pytest.mark.parametrize(
    "url", ["https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"]
)
def test_vimeo_addresses_get_do_not_track(url):
    embed = embeds.video(url)
    assert embed.service == "vimeo"
    assert embed.src == "https://player.vimeo.com/video/76979871?dnt=1"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://www.dailymotion.com/video/x7tgad0", "Only YouTube and Vimeo"),
        ("https://evil.test/watch?v=aqz-KE-bpKQ", "Only YouTube and Vimeo"),
        ("https://youtube.com.evil.test/watch?v=aqz-KE-bpKQ", "Only YouTube and Vimeo"),
        ("https://www.youtube.com/watch?v=short", "no valid video id"),
        ('https://www.youtube.com/watch?v=aqz-KE-bpKQ"><script>', "no valid video id"),
        ("https://vimeo.com/channels/staffpicks", "no video number"),
        ("javascript:alert(1)", "full address"),
        ("", "full address"),
    ],
)
def test_other_addresses_are_refused_with_a_clear_message(url, message):
    with pytest.raises(embeds.EmbedError, match=message):
        embeds.video(url)


def test_the_editor_refuses_a_video_that_is_not_youtube_or_vimeo():
    block = VideoBlock()
    value = block.to_python({"url": "https://www.dailymotion.com/video/x7tgad0", "title": "T"})
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "Only YouTube and Vimeo videos can be embedded" in str(error.value.block_errors["url"])


def test_a_map_points_at_openstreetmap():
    embed = embeds.osm_map(38.7077, -9.1365, 15)
    assert embed.src.startswith("https://www.openstreetmap.org/export/embed.html?bbox=")
    assert "marker=38.70770%2C-9.13650" in embed.src
    assert embed.link.endswith("#map=15/38.70770/-9.13650")


# <link> relations a browser does not fetch by itself.
NOT_FETCHED = {"canonical", "alternate"}


class _Resources(HTMLParser):
    """Every address the browser would fetch by itself: src, srcset, link href, url()."""

    def __init__(self):
        super().__init__()
        self.fetched: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "srcset", "poster", "data"):
            if attrs.get(name):
                self.fetched += [part.split()[0] for part in attrs[name].split(",")]
        if tag == "link" and attrs.get("href") and attrs.get("rel") not in NOT_FETCHED:
            self.fetched.append(attrs["href"])
        if attrs.get("style"):
            self.fetched += re.findall(r"url\(([^)]+)\)", attrs["style"])


@pytest.fixture
def embed_hub(channel, author):
    body = [
        text_block("Before the video."),
        {
            "type": "video",
            "value": {
                "url": "https://youtu.be/aqz-KE-bpKQ",
                "title": "Harbour walk",
                "caption": "At dawn",
            },
        },
        {
            "type": "video",
            "value": {"url": "https://vimeo.com/76979871", "title": "Ferry", "caption": ""},
        },
        {
            "type": "map",
            "value": {
                "title": "The square",
                "latitude": 38.7077,
                "longitude": -9.1365,
                "zoom": 15,
                "caption": "",
            },
        },
    ]
    return make_hub(channel, author, title="Embeds", body=body)


def test_the_page_loads_nothing_third_party_and_shows_placeholders(embed_hub):
    response = Client().get(embed_hub.url)
    html = response.content.decode()
    parser = _Resources()
    parser.feed(html)
    assert parser.fetched
    assert all(u.startswith("/") and not u.startswith("//") for u in parser.fetched), parser.fetched
    assert html.count("data-consent-embed") == 3
    assert "Always allow YouTube" in html and "Always allow Vimeo" in html
    assert "Always allow OpenStreetMap" in html and "Load once" in html
    assert 'href="https://www.youtube.com/watch?v=aqz-KE-bpKQ"' in html  # the plain link
    assert 'data-embed-url="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"' in html


def test_the_policy_frames_only_the_services_on_the_page(embed_hub, channel, author):
    assert sorted(frame_sources(embed_hub.url).split()) == [
        "https://player.vimeo.com",
        "https://www.openstreetmap.org",
        "https://www.youtube-nocookie.com",
    ]
    only_map = make_hub(
        channel,
        author,
        title="Map only",
        body=[
            {
                "type": "map",
                "value": {"title": "M", "latitude": 1, "longitude": 2, "zoom": 5, "caption": ""},
            }
        ],
    )
    assert frame_sources(only_map.url) == "https://www.openstreetmap.org"
    plain = make_hub(channel, author, title="Plain")
    assert frame_sources(plain.url) == "'none'"
    assert frame_sources("/") == "'none'"


def frame_sources(url: str) -> str:
    return re.search(r"frame-src ([^;]+)", Client().get(url)["Content-Security-Policy"])[1]


def test_a_disabled_service_gets_no_buttons_and_no_policy(embed_hub):
    Service.objects.filter(key="vimeo").update(enabled=False)
    from quire.pagecache import bump, tags

    bump(tags.LAYOUT)  # a queryset update sends no signal
    response = Client().get(embed_hub.url)
    html = response.content.decode()
    assert "Always allow Vimeo" not in html
    assert "This site does not load content from Vimeo." in html
    assert "player.vimeo.com" not in response["Content-Security-Policy"]


def test_every_page_carries_the_banner_and_a_privacy_choices_link(embed_hub):
    for url in ("/", embed_hub.url, "/food/"):
        html = Client().get(url).content.decode()
        assert "data-consent-banner hidden" in html
        assert 'href="/privacy/choices/" data-consent-open>Privacy choices</a>' in html
        assert '<script id="consent-registry" type="application/json">' in html
