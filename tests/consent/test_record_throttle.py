"""Consent records are bounded per address: anyone can post choices, and each used to be
a row. Past the bound the visitor's choice still applies (in the cookie, so the banner and
the embeds follow it); only no new record is kept."""

import pytest
from django.test import Client

from quire.consent import cookie
from quire.consent.models import ConsentRecord

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def choose(address: str = "198.51.100.7", client=None, **data):
    client = client or Client(REMOTE_ADDR=address)
    return client.post("/privacy/choices/", data or {"action": "accept_all"}, **JSON)


def test_one_address_stores_a_bounded_number_of_records():
    answers = [choose() for _ in range(60)]
    assert all(a.status_code == 200 for a in answers)
    assert ConsentRecord.objects.count() == 20
    # Another address is not affected.
    choose("203.0.113.5")
    assert ConsentRecord.objects.count() == 21


def test_past_the_bound_the_choice_still_applies_in_the_cookie(settings):
    settings.QUIRE_CONSENT_RECORDS_PER_ADDRESS = 1
    visitor = Client(REMOTE_ADDR="198.51.100.7")
    first = choose(client=visitor)
    second = choose(client=visitor, action="reject_all")
    third = choose(client=visitor, action="allow_service", service="vimeo")
    assert ConsentRecord.objects.count() == 1
    assert cookie.parse(second.cookies[cookie.COOKIE_NAME].value).allowed == frozenset()
    consent = cookie.parse(third.cookies[cookie.COOKIE_NAME].value)
    assert consent.allowed == {"vimeo"} and third.json() == {"allowed": ["vimeo"]}
    # Still the same visitor, whose stored record is the first one.
    first_id = cookie.parse(first.cookies[cookie.COOKIE_NAME].value).visitor_id
    assert consent.visitor_id == first_id == ConsentRecord.objects.get().visitor_id


def test_the_page_without_javascript_saves_the_choice_past_the_bound_too(settings):
    settings.QUIRE_CONSENT_RECORDS_PER_ADDRESS = 0
    response = Client().post("/privacy/choices/", {"action": "reject_all", "next": "/"})
    assert response.status_code == 302 and response.url == "/"
    assert cookie.parse(response.cookies[cookie.COOKIE_NAME].value).allowed == frozenset()
    assert not ConsentRecord.objects.exists()


def test_addresses_in_one_ipv6_network_count_together():
    for n in range(25):
        choose(f"2001:db8:5:7::{n:x}")
    assert ConsentRecord.objects.count() == 20
