"""A signed-in reader who opens an editor address lands on a page that says what the author
center is and how to become an author, never in a loop of redirects between /admin/ and
the sign-in page (quire/editorial/door.py)."""

from urllib.parse import quote

import pytest
from django.contrib.auth.models import Permission

from tests.factories import make_hub

CENTER = "/write/author-center/"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/3/edit/", "/admin/images/"])
def test_a_reader_opening_the_editor_lands_on_the_author_center_page(client, reader, path):
    client.force_login(reader)
    response = client.get(path, follow=True)
    assert len(response.redirect_chain) == 1
    assert response.redirect_chain[0][0] == f"{CENTER}?next={quote(path, safe='')}"
    assert response.status_code == 200
    page = response.content.decode()
    assert "The author center" in page
    assert "a reader’s account" in page
    assert f"/write/become-an-author/?next={quote(path, safe='')}" in page


@pytest.mark.django_db
def test_becoming_an_author_from_there_goes_on_to_the_address_asked_for(client, reader):
    client.force_login(reader)
    target = "/admin/images/"
    response = client.post(f"/write/become-an-author/?next={quote(target)}", {"accept": "on"})
    assert response.status_code == 302
    assert response["Location"] == target
    assert client.get(target).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target", ["//evil.example/admin/", "https://evil.example/admin/", "/elsewhere/"]
)
def test_next_is_only_ever_an_editor_address_of_this_site(client, reader, target):
    client.force_login(reader)
    response = client.post(f"/write/become-an-author/?next={quote(target)}", {"accept": "on"})
    assert response["Location"] == "/admin/"
    page = client.get(f"{CENTER}?next={quote(target)}").content.decode()
    assert "evil.example" not in page


@pytest.mark.django_db
def test_a_visitor_opening_the_editor_is_sent_to_the_sites_sign_in(client):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/accounts/login/?next=")
    # Wagtail's own sign-in form is not used either.
    assert client.get("/admin/login/")["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_the_author_center_page_for_a_visitor_offers_sign_in_and_sign_up(client):
    page = client.get(CENTER).content.decode()
    assert "/accounts/login/" in page and "/accounts/signup/" in page


@pytest.mark.django_db
def test_an_author_whose_editor_access_was_taken_away_is_told_so(client, writer):
    access = Permission.objects.get(codename="access_admin")
    for group in writer.groups.all():
        group.permissions.remove(access)
    client.force_login(writer)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert "cannot open the author center at the moment" in response.content.decode()


@pytest.mark.django_db
def test_the_editors_own_scripts_get_a_refusal_not_a_redirect(client, reader):
    client.force_login(reader)
    response = client.get("/admin/api/main/pages/", HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 403


@pytest.mark.django_db
def test_authors_and_editors_still_go_straight_in(client, writer, editor, channel):
    make_hub(channel, writer)
    for person in (writer, editor):
        client.force_login(person)
        assert client.get("/admin/").status_code == 200
        assert client.get(CENTER)["Location"] == "/admin/"
