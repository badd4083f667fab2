"""A new account is a reader; accepting the author terms makes it an author."""

import pytest
from django.test import Client
from django.urls import reverse

from quire.accounts.roles import is_author
from quire.articles.models import InfoPage
from quire.editorial.models import AuthorTermsAcceptance


@pytest.mark.django_db
def test_the_author_terms_are_a_page_of_the_site(client):
    terms = InfoPage.objects.get(slug="author-terms")
    html = client.get(terms.url).content.decode()
    assert "<h1>Author terms</h1>" in html and "Your writing stays yours" in html
    assert reverse("become_author") in html


@pytest.mark.django_db
def test_write_link_leads_each_person_to_the_right_place(client, reader, writer):
    response = client.get(reverse("write"))
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(reader)
    assert client.get(reverse("write"))["Location"] == reverse("become_author")
    client.force_login(writer)
    assert client.get(reverse("write"))["Location"] == reverse("wagtailadmin_home")


@pytest.mark.django_db
def test_a_reader_becomes_an_author_by_accepting_the_terms(client, reader):
    client.force_login(reader)
    page = client.get(reverse("become_author")).content.decode()
    assert "Your writing stays yours" in page  # the terms are shown in full
    refused = client.post(reverse("become_author"), {})
    assert refused.status_code == 400
    assert "Tick the box to accept the author terms." in refused.content.decode()
    assert not is_author(reader)

    response = client.post(reverse("become_author"), {"accept": "on"})
    assert response["Location"] == reverse("wagtailadmin_home")
    assert is_author(type(reader).objects.get(pk=reader.pk))
    acceptance = AuthorTermsAcceptance.objects.get(user=reader)
    assert acceptance.terms_version == InfoPage.objects.get(slug="author-terms").last_published_at
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


@pytest.mark.django_db
def test_becoming_an_author_needs_a_csrf_token(reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    assert client.post(reverse("become_author"), {"accept": "on"}).status_code == 403
    assert not is_author(reader)
