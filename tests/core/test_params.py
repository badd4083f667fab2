"""Numbers in query strings and forms: one parser (quire/core/params.py) for every view.

"²" and "١" are digits to ``str.isdigit()``, 5,000 digits are too many for ``int()`` and a
23-digit id overflows SQLite: none of them may answer 500, and the page cache files only
the numbers the views read. An error raised before the security middleware still leaves
with the security headers."""

import pytest
from django.conf import settings
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from quire.comments.models import Comment
from tests.earnings.conftest import networks, operator  # noqa: F401 (fixtures)
from tests.editorial.conftest import writer  # noqa: F401 (fixture)
from tests.factories import make_hub

pytestmark = pytest.mark.django_db

SUPERSCRIPT_TWO = "%C2%B2"  # ², a digit to str.isdigit() that int() refuses
ARABIC_TWO = "%D9%A2"  # ٢, a digit int() reads as 2
FULLWIDTH_TWO = "%EF%BC%92"  # ２
LONG = "9" * 5000  # past int()'s 4,300 digits
OVERFLOW = "99999999999999999999999"  # past SQLite's 2**63 - 1
HOSTILE = [SUPERSCRIPT_TWO, ARABIC_TWO, FULLWIDTH_TWO, LONG, OVERFLOW, "-1", "0", "1e3", "+2", ""]

READER_PAGES = {
    "home": lambda s: "/",
    "channel": lambda s: s["channel"].url,
    "hub": lambda s: s["hub"].url,
    "profile": lambda s: f"/authors/{s['slug']}/",
    "feed": lambda s: "/feeds/",
    "atom feed": lambda s: "/feeds/atom/",
    "channel feed": lambda s: f"/feeds/channels/{s['channel'].slug}/",
    "author feed": lambda s: f"/feeds/authors/{s['slug']}/",
    "sitemap": lambda s: "/sitemap.xml",
    "sitemap section": lambda s: "/sitemap-hubs.xml",
    "search": lambda s: "/search/?q=bread",
}
settings_for_hypothesis = hypothesis_settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options")


def with_param(path: str, name: str, value: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}{name}={value}"


@pytest.fixture
def site(channel, author, hub):
    make_hub(channel, author, title="Second bread", featured=True)
    Comment.objects.create(hub=hub, user=author, text="A first comment.")
    return {"channel": channel, "hub": hub, "slug": author.author_profile.slug}


# -- the parser ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7", 7),
        ("007", 7),
        ("²", None),
        ("٢", None),
        ("２", None),
        ("-1", None),
        ("+2", None),
        (" 2", None),
        ("2 ", None),
        ("1e3", None),
        ("2.0", None),
        ("", None),
        (None, None),
        (["2"], None),
        (LONG, None),
        (OVERFLOW, None),
        (str(2**63 - 1), 2**63 - 1),
    ],
)
def test_a_number_is_ascii_digits_in_range(text, expected):
    from quire.core.params import parse_int

    assert parse_int(text) == expected


def test_bounds_and_defaults():
    from quire.core.params import MAX_PAGE, int_param, object_ids, page_number, parse_int

    assert parse_int("0", minimum=1) is None and parse_int("13", maximum=12) is None
    assert parse_int("0001", maximum=12) is None  # more digits than any allowed value
    assert page_number({}) == 1 and page_number({"page": "²"}) == 1
    assert page_number({"page": "0"}) == 1 and page_number({"page": "3"}) == 3
    assert page_number({"page": str(MAX_PAGE + 1)}) == 1
    assert page_number({"p": "4"}, "p") == 4
    assert int_param({"days": LONG}, "days", 30) == 30
    assert object_ids(["3", "²", OVERFLOW, "0", "12"]) == [3, 12]


# -- reader pages, feeds, sitemaps, search -------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("name", ["page", "comments"])
@pytest.mark.parametrize("page", list(READER_PAGES))
def test_odd_numbers_on_reader_pages_give_a_page(site, page, name, value):
    path = with_param(READER_PAGES[page](site), name, value)
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == 200, path[:80]
    for header in SECURITY_HEADERS:
        assert header in response, header


@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, ARABIC_TWO, LONG, "0"])
def test_a_bad_page_number_shows_the_first_page(client, channel, author, value):
    for n in range(3):
        make_hub(channel, author, title=f"Listed {n}")
    first = client.get(channel.url).content.decode()
    shown = client.get(with_param(channel.url, "page", value)).content.decode()
    assert shown.count("Listed") == first.count("Listed")
    assert f'<link rel="canonical" href="{settings.WAGTAILADMIN_BASE_URL}/food/">' in shown


# -- the page cache files only what the views read as a number ----------------------------


@pytest.mark.parametrize("value", HOSTILE)
def test_the_page_cache_key_never_fails_and_keeps_no_odd_number(value):
    from quire.pagecache.middleware import PageCache

    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/food/", "QUERY_STRING": f"page={value}"}
    assert PageCache().key(environ) is None


def test_the_page_cache_key_is_the_number_the_view_reads():
    from quire.pagecache.middleware import PageCache

    def key(query):
        return PageCache().key({"REQUEST_METHOD": "GET", "PATH_INFO": "/", "QUERY_STRING": query})

    assert key("page=2") == key("page=002") == "http:///?page=2"
    assert key("comments=3&page=2") == key("page=02&comments=3")
    assert key("page=999999") is not None and key("page=1000000") is None
    assert key("page=0") is None  # shown as the first page, which is filed without it


@settings_for_hypothesis
@given(value=st.text(max_size=12) | st.from_regex(r"\A[0-9]{1,30}\Z"))
def test_a_page_is_filed_under_the_page_number_it_shows(value):
    from urllib.parse import quote

    from quire.core.params import page_number
    from quire.pagecache.middleware import PageCache

    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/", "QUERY_STRING": f"page={quote(value)}"}
    key = PageCache().key(environ)  # never an error
    assert key is None or key == f"http:///?page={page_number({'page': value})}"


# -- the author center -----------------------------------------------------------------------


@pytest.fixture
def signed_in(request):
    client = Client(raise_request_exception=False)
    client.force_login(request.getfixturevalue("writer" if request.param == "author" else "editor"))
    return client


ADMIN_CASES = [
    ("/admin/statistics/", "hub", SUPERSCRIPT_TWO, 404),
    ("/admin/statistics/", "hub", LONG, 404),
    ("/admin/statistics/", "hub", OVERFLOW, 404),
    ("/admin/statistics/", "author", SUPERSCRIPT_TWO, 404),
    ("/admin/statistics/", "channel", ARABIC_TWO, 404),
    ("/admin/statistics/", "days", SUPERSCRIPT_TWO, 400),
    ("/admin/statistics/", "days", LONG, 400),
    ("/admin/statistics/", "days", "0030", 400),
    ("/admin/statistics/", "page", SUPERSCRIPT_TWO, 200),
    ("/admin/statistics/", "page", LONG, 200),
    ("/admin/comments/", "hub", OVERFLOW, 200),
    ("/admin/comments/", "hub", SUPERSCRIPT_TWO, 200),
    ("/admin/comments/", "hub", LONG, 200),
    ("/admin/comments/", "p", SUPERSCRIPT_TWO, 200),
    ("/admin/comments/", "p", LONG, 200),
    ("/admin/comments/", "page", SUPERSCRIPT_TWO, 200),
    ("/admin/earnings/", "page", SUPERSCRIPT_TWO, 200),
]


@pytest.mark.parametrize("signed_in", ["author", "editor"], indirect=True)
@pytest.mark.parametrize(("path", "name", "value", "status"), ADMIN_CASES)
def test_odd_numbers_in_the_author_center(signed_in, hub, path, name, value, status):
    response = signed_in.get(with_param(path, name, value))
    assert response.status_code == status
    if name == "days":
        assert "Choose 7, 30, 90 or 365 days" in response.content.decode()


@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, LONG])
def test_odd_page_numbers_on_the_featuring_page(editor, value):
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    assert client.get(f"/admin/editorial/featuring/?page={value}").status_code == 200


def test_odd_ids_in_a_bulk_moderation_are_left_out(editor, hub, author):
    comment = Comment.objects.create(hub=hub, user=author, text="Hold me.")
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    response = client.post(
        "/admin/comments/bulk/",
        {"action": "reject", "ids": ["²", "٢", OVERFLOW, "9" * 5000, str(comment.pk)]},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED


@pytest.mark.parametrize("month", ["²-03", "2026-²", f"{OVERFLOW}-01", "2026-13", "", "2026"])
@pytest.mark.usefixtures("networks")
def test_an_odd_revenue_month_gets_a_message(operator_client, month):
    response = operator_client.post(
        "/admin/earnings/revenue/", {"month": month, "network": "adsense", "amount": "10"}
    )
    assert response.status_code == 400
    assert "Choose the month the revenue is for." in response.content.decode()


@pytest.fixture
def operator_client(request):
    client = Client(raise_request_exception=False)
    client.force_login(request.getfixturevalue("operator"))
    return client


# -- error responses carry the security headers ---------------------------------------------


def test_an_error_before_the_security_middleware_still_has_the_security_headers(monkeypatch):
    from quire.pagecache.middleware import PageCache

    def broken(self, environ):
        raise RuntimeError("the page cache broke")

    monkeypatch.setattr(PageCache, "key", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
