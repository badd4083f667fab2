"""Passwords of protected hubs and documents (Wagtail's /_util/authenticate_with_password/
and /documents/authenticate_with_password/) take a limited number of wrong tries, per
address and per protected page, counted for every worker together."""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from quire.core.models import RateCounter

pytestmark = pytest.mark.django_db


@pytest.fixture
def protected(hub):
    restriction = PageViewRestriction.objects.create(
        page=hub, restriction_type=PageViewRestriction.PASSWORD, password="rye and caraway"
    )
    return hub, restriction


def url(hub, restriction) -> str:
    return f"/_util/authenticate_with_password/{restriction.pk}/{hub.pk}/"


def guess(hub, restriction, password: str, address: str = "198.51.100.7"):
    client = Client(REMOTE_ADDR=address)
    return client.post(url(hub, restriction), {"password": password, "return_url": hub.url})


def test_wrong_passwords_are_refused_after_ten_from_one_address(protected):
    hub, restriction = protected
    answers = [guess(hub, restriction, f"guess {n}").status_code for n in range(12)]
    assert answers == [200] * 10 + [429] * 2
    refused = guess(hub, restriction, "rye and caraway")  # even the right one, for now
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Too many wrong passwords from your address. Wait ten minutes" in html
    # The same form as always: where it posts, and where it leads back to.
    assert f'action="{url(hub, restriction)}"' in html
    assert f'value="{hub.url}"' in html and 'name="csrfmiddlewaretoken"' in html
    # Someone else is not locked out by it.
    assert guess(hub, restriction, "rye and caraway", address="203.0.113.5").status_code == 302


def test_a_right_password_does_not_use_up_a_try(protected):
    hub, restriction = protected
    for _ in range(15):
        assert guess(hub, restriction, "rye and caraway").status_code == 302
    assert guess(hub, restriction, "wrong").status_code == 200


def test_many_addresses_together_meet_the_limit_of_the_page(protected, settings):
    settings.QUIRE_PAGE_PASSWORD_TRIES_PER_PAGE = 25
    hub, restriction = protected
    answers = [
        guess(hub, restriction, "x", address=f"198.51.100.{n}").status_code for n in range(30)
    ]
    assert answers.count(200) == 25 and answers.count(429) == 5
    html = guess(hub, restriction, "x", address="192.0.2.1").content.decode()
    assert "Too many wrong passwords have been tried here lately" in html
    # Trying another page's id in the address does not get round it: the password is the
    # restriction's, and so is the count.
    other = f"/_util/authenticate_with_password/{restriction.pk}/{hub.get_parent().pk}/"
    elsewhere = Client(REMOTE_ADDR="192.0.2.2").post(other, {"password": "x", "return_url": "/"})
    assert elsewhere.status_code == 429


def test_the_count_is_in_the_shared_table_not_in_a_worker(protected):
    hub, restriction = protected
    guess(hub, restriction, "wrong")
    assert RateCounter.objects.filter(key__startswith="page-password.address/").get().count == 1


def test_showing_the_form_is_not_a_try(protected):
    hub, restriction = protected
    for _ in range(12):
        assert Client().get(url(hub, restriction)).status_code == 200
    assert guess(hub, restriction, "wrong").status_code == 200


def test_document_passwords_are_limited_the_same_way(home):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction

    collection = Collection.get_first_root_node().add_child(name="Members")
    document = get_document_model().objects.create(
        title="Recipe card",
        file=ContentFile(b"flour, water, salt", name="card.txt"),
        collection=collection,
    )
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password="salt"
    )
    client = Client(REMOTE_ADDR="198.51.100.7")
    address = f"/documents/authenticate_with_password/{restriction.pk}/"
    answers = [
        client.post(address, {"password": "x", "return_url": document.url}).status_code
        for _ in range(11)
    ]
    assert answers == [200] * 10 + [429]
    assert "Too many wrong passwords" in client.post(address, {"password": "salt"}).content.decode()
