"""Recording choices: the banner's endpoint, the page that works without JavaScript."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from quire.consent import cookie
from quire.consent.models import ConsentRecord, ConsentSettings
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def choose(client, **data):
    return client.post("/privacy/choices/", data, **JSON)


def consent_of(response):
    return cookie.parse(response.cookies[cookie.COOKIE_NAME].value)


def test_accept_all_records_every_optional_service_and_sets_a_signed_cookie(client):
    response = choose(client, action="accept_all")
    assert response.status_code == 200
    record = ConsentRecord.objects.get()
    assert record.action == "accept_all" and record.gpc is False
    assert record.choices == {"youtube": True, "vimeo": True, "openstreetmap": True}
    consent = consent_of(response)
    assert consent.allowed == {"youtube", "vimeo", "openstreetmap"}
    assert consent.visitor_id == record.visitor_id
    assert consent.version == ConsentSettings.load().registry_version
    morsel = response.cookies[cookie.COOKIE_NAME]
    assert morsel["max-age"] == 360 * 24 * 3600 and morsel["samesite"] == "Lax"
    assert not morsel["httponly"]  # the page's script reads it


def test_reject_all_and_then_withdrawing_keep_the_same_visitor(client):
    first = choose(client, action="accept_all")
    second = choose(client, action="reject_all")
    assert consent_of(second).allowed == frozenset()
    assert consent_of(first).visitor_id == consent_of(second).visitor_id
    assert [r.action for r in ConsentRecord.objects.order_by("pk")] == ["accept_all", "reject_all"]


def test_custom_choice_by_category(client):
    response = choose(client, action="custom", category=["features", "necessary"])
    assert consent_of(response).allowed == {"vimeo", "openstreetmap"}


def test_global_privacy_control_keeps_marketing_off(client):
    response = client.post("/privacy/choices/", {"action": "accept_all"}, HTTP_SEC_GPC="1", **JSON)
    assert consent_of(response).allowed == {"vimeo", "openstreetmap"}
    assert ConsentRecord.objects.get().gpc is True
    custom = choose(client, action="custom", category=["marketing", "features"], gpc="1")
    assert "youtube" not in consent_of(custom).allowed


def test_always_allow_one_service_adds_to_the_earlier_choice(client):
    choose(client, action="custom", category=["features"])
    response = choose(client, action="allow_service", service="youtube")
    assert consent_of(response).allowed == {"youtube", "vimeo", "openstreetmap"}
    assert ConsentRecord.objects.order_by("pk").last().action == "allow_service"


@pytest.mark.parametrize(
    "data",
    [
        {"action": "allow_service", "service": "nope"},
        {"action": "allow_service", "service": "quire-accounts"},
        {"action": "allow_service", "service": "ad-network"},  # not enabled
        {"action": "everything"},
        {},
    ],
)
def test_bad_choices_are_refused_clearly(client, data):
    response = choose(client, **data)
    assert response.status_code == 400 and response.json()["error"]
    assert not ConsentRecord.objects.exists()


def test_the_choices_page_works_without_javascript(client):
    page = client.get("/privacy/choices/?next=/food/")
    html = page.content.decode()
    assert page.status_code == 200 and "csrfmiddlewaretoken" in html
    assert "YouTube" in html and "https://policies.google.com/privacy" in html
    assert "Spam protection" in html and "Always on" in html
    assert page["Cache-Control"].startswith("max-age=0")
    assert "data-consent-banner" not in html  # this page is the preferences itself
    response = client.post(
        "/privacy/choices/", {"action": "custom", "category": ["features"], "next": "/food/"}
    )
    assert response.status_code == 302 and response.url == "/food/"
    assert consent_of(response).allowed == {"vimeo", "openstreetmap"}
    html = client.get("/privacy/choices/").content.decode()
    assert 'id="category-features" name="category" value="features" checked' in html
    assert 'id="category-marketing" name="category" value="marketing">' in html


def test_the_choices_page_never_redirects_off_site(client):
    response = client.post(
        "/privacy/choices/", {"action": "reject_all", "next": "https://evil.test/"}
    )
    assert response.url == "/"


def test_posting_needs_a_csrf_token_which_the_token_endpoint_gives():
    client = Client(enforce_csrf_checks=True)
    assert choose(client, action="accept_all").status_code == 403
    token = client.get("/privacy/token/")
    assert "no-store" in token["Cache-Control"] or "max-age=0" in token["Cache-Control"]
    response = client.post(
        "/privacy/choices/",
        {"action": "accept_all"},
        HTTP_X_CSRFTOKEN=token.json()["csrfToken"],
        **JSON,
    )
    assert response.status_code == 200


def test_a_forged_or_malformed_cookie_is_dropped_and_never_breaks_a_page(client, hub):
    genuine = consent_of(choose(client, action="accept_all"))
    forged = cookie.make(genuine.visitor_id, genuine.version, ["youtube"], genuine.issued)
    forged = forged[:-1] + ("0" if forged[-1] != "0" else "1")
    for value in (forged, "garbage", "v1|" * 300):
        client.cookies[cookie.COOKIE_NAME] = value
        for url in (hub.url, "/privacy/choices/", "/"):
            response = client.get(url)
            assert response.status_code == 200
            assert response.cookies[cookie.COOKIE_NAME].value == ""  # deleted
        response = choose(client, action="reject_all")
        assert consent_of(response).visitor_id != genuine.visitor_id  # a new visitor


def test_a_trusted_country_header_marks_opt_out_visitors(client):
    settings = ConsentSettings.load()
    settings.country_header = "CF-IPCountry"
    settings.save()
    outside = client.get("/", HTTP_CF_IPCOUNTRY="US")
    assert outside.cookies[cookie.REGION_COOKIE].value == "out"
    inside = Client().get("/", HTTP_CF_IPCOUNTRY="de")
    assert inside.cookies[cookie.REGION_COOKIE].value == "in"
    unknown = Client().get("/", HTTP_CF_IPCOUNTRY="XX1")
    assert cookie.REGION_COOKIE not in unknown.cookies


def test_without_a_trusted_header_no_region_is_set(client):
    response = client.get("/", HTTP_CF_IPCOUNTRY="US")
    assert cookie.REGION_COOKIE not in response.cookies


def test_raising_the_registry_version_makes_old_cookies_count_for_nothing(client):
    old = consent_of(choose(client, action="accept_all"))
    settings = ConsentSettings.load()
    settings.registry_version += 1
    settings.save()
    response = choose(client, action="allow_service", service="vimeo")
    new = consent_of(response)
    assert new.allowed == {"vimeo"} and new.version == old.version + 1


def test_operators_see_totals_and_export_csv(client):
    choose(client, action="accept_all")
    choose(Client(), action="reject_all")
    choose(Client(), action="custom", category=["features"])
    staff = UserFactory(is_superuser=True)
    admin = Client()
    admin.force_login(staff)
    page = admin.get("/admin/consent-records/").content.decode()
    assert "3 choices from" in page
    assert "<td>Accepted all</td><td>1</td>" in page
    assert "<td>youtube</td><td>1</td><td>2</td>" in page
    export = admin.get("/admin/consent-records/export/")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows[0][:3] == ["time", "visitor", "action"]
    assert [r[2] for r in rows[1:]] == ["accept_all", "reject_all", "custom"]
    assert "youtube=no" in rows[2][6]


def test_authors_cannot_see_consent_records(client):
    author = UserFactory()
    author.groups.add(Group.objects.get(name="Authors"))
    client.force_login(author)
    assert client.get("/admin/consent-records/").status_code in (302, 403)
    assert client.get("/admin/consent-records/export/").status_code in (302, 403)
