"""Comment endpoints answer as the hub's own page does: nothing of an unpublished hub, or
of one behind a password, sign-in or groups, to a visitor the hub refuses (issue 19,
item 2)."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client, override_settings
from wagtail.models import PageViewRestriction

from quire.comments.models import Comment, CommentFlag
from tests.comments.conftest import form_data
from tests.factories import UserFactory, make_hub, text_block

pytestmark = pytest.mark.django_db

TITLE = "Secret garden plans"
BODY = "The hidden key is under the third stone."
PASSWORD = "open sesame"


@pytest.fixture
def secret(channel, author):
    return make_hub(channel, author, title=TITLE, body=[text_block(BODY)])


def restrict(page, kind: str, groups=()) -> PageViewRestriction:
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password=PASSWORD if kind == "password" else ""
    )
    restriction.groups.set(groups)
    return restriction


def pass_password(client: Client, restriction: PageViewRestriction, page) -> None:
    response = client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
        {"password": PASSWORD, "return_url": page.url},
    )
    assert response.status_code == 302


def comment_on(hub, writer, text="What a lovely plan.") -> Comment:
    return Comment.objects.create(hub=hub, user=writer, text=text, status=Comment.Status.PUBLISHED)


def assert_nothing_of_the_hub(response, *also: str) -> None:
    html = response.content.decode()
    for secret_text in (TITLE, BODY, *also):
        assert secret_text not in html


# Posting


def test_an_invalid_post_to_a_password_hub_shows_nothing_of_it(client, secret):
    restrict(secret, "password")
    response = client.post(f"/comments/hub/{secret.pk}/", form_data(""))
    assert_nothing_of_the_hub(response)  # it was all there, under a 400
    assert response.status_code == 403
    assert "protected by a password" in response.content.decode()


def test_a_reader_without_the_password_cannot_comment_and_keeps_the_text(client, secret, reader):
    restrict(secret, "password")
    client.force_login(reader)
    response = client.post(f"/comments/hub/{secret.pk}/", form_data("Let me in"))
    assert response.status_code == 403
    html = response.content.decode()
    assert_nothing_of_the_hub(response)
    assert "Let me in</textarea>" in html
    # The way on: the hub's page, where the password form is.
    assert f'href="{secret.url}"' in html
    assert not Comment.objects.exists()


def test_a_reader_with_the_password_comments_as_on_any_hub(client, secret, reader):
    restriction = restrict(secret, "password")
    client.force_login(reader)
    pass_password(client, restriction, secret)
    response = client.post(f"/comments/hub/{secret.pk}/", form_data("Thank you for the key"))
    assert response.status_code == 302
    assert Comment.objects.get().text == "Thank you for the key"
    # A refused post (empty) shows them the hub they may see.
    response = client.post(f"/comments/hub/{secret.pk}/", form_data(" "))
    assert response.status_code == 400 and TITLE in response.content.decode()


def test_a_password_on_the_channel_protects_its_hubs(client, channel, secret, reader):
    restrict(channel, "password")
    client.force_login(reader)
    response = client.post(f"/comments/hub/{secret.pk}/", form_data("Through the back door"))
    assert response.status_code == 403
    assert_nothing_of_the_hub(response)
    assert not Comment.objects.exists()


@override_settings(QUIRE_COMMENTS_ALLOW_GUESTS=True)
def test_a_guest_cannot_comment_on_a_hub_for_signed_in_readers(client, secret):
    restrict(secret, "login")
    data = form_data("Guest words", guest_name="Guest", guest_email="guest@example.org")
    response = client.post(f"/comments/hub/{secret.pk}/", data)
    assert response.status_code == 403
    html = response.content.decode()
    assert_nothing_of_the_hub(response)
    assert "Guest words</textarea>" in html and "/accounts/login/?next=" in html
    assert not Comment.objects.exists()


def test_only_the_hubs_groups_may_comment_on_it(client, secret, reader):
    group = Group.objects.create(name="Gardeners")
    restrict(secret, "groups", [group])
    client.force_login(reader)
    response = client.post(f"/comments/hub/{secret.pk}/", form_data("Not a gardener"))
    assert response.status_code == 403
    assert_nothing_of_the_hub(response)
    assert not Comment.objects.exists()
    reader.groups.add(group)
    response = client.post(f"/comments/hub/{secret.pk}/", form_data("A gardener now"))
    assert response.status_code == 302
    assert Comment.objects.get().text == "A gardener now"


def test_an_unpublished_hub_shows_nothing_of_itself_and_keeps_the_text(client, secret, reader):
    secret.unpublish()
    client.force_login(reader)
    response = client.post(f"/comments/hub/{secret.pk}/", form_data(""))
    assert response.status_code == 404
    assert_nothing_of_the_hub(response)
    response = client.post(f"/comments/hub/{secret.pk}/", form_data("Typed words"))
    assert "Typed words</textarea>" in response.content.decode()
    assert not Comment.objects.exists()


# Flagging, editing, deleting


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_comment_on_a_password_hub_cannot_be_seen_or_flagged_without_it(
    client, secret, author, reader, method
):
    comment = comment_on(secret, author, "The key is a lie")
    restrict(secret, "password")
    client.force_login(reader)
    response = getattr(client, method)(f"/comments/{comment.pk}/flag/", {"reason": "spam"})
    assert response.status_code == 403
    assert_nothing_of_the_hub(response, "The key is a lie")
    assert not CommentFlag.objects.exists()


def test_a_reader_with_the_password_may_flag(client, secret, author, reader):
    comment = comment_on(secret, author, "The key is a lie")
    restriction = restrict(secret, "password")
    client.force_login(reader)
    pass_password(client, restriction, secret)
    page = client.get(f"/comments/{comment.pk}/flag/")
    assert page.status_code == 200 and "The key is a lie" in page.content.decode()
    assert client.post(f"/comments/{comment.pk}/flag/", {"reason": "spam"}).status_code == 302
    assert CommentFlag.objects.count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_comment_on_an_unpublished_hub_cannot_be_seen_or_flagged(
    client, secret, author, reader, method
):
    comment = comment_on(secret, author, "Words on a withdrawn hub")
    secret.unpublish()
    client.force_login(reader)
    response = getattr(client, method)(f"/comments/{comment.pk}/flag/", {"reason": "spam"})
    assert response.status_code == 404
    assert_nothing_of_the_hub(response, "Words on a withdrawn hub")
    assert not CommentFlag.objects.exists()


@pytest.mark.parametrize("view", ["edit", "delete"])
def test_the_writer_who_lost_the_password_cannot_open_their_comment(client, secret, reader, view):
    comment = comment_on(secret, reader, "My own words")
    restrict(secret, "password")  # set after they wrote, or their session ended
    client.force_login(reader)
    response = client.get(f"/comments/{comment.pk}/{view}/")
    assert response.status_code == 403
    assert_nothing_of_the_hub(response)


def test_an_edit_refused_for_the_password_keeps_the_new_text(client, secret, reader):
    comment = comment_on(secret, reader, "My own words")
    restrict(secret, "password")
    client.force_login(reader)
    response = client.post(f"/comments/{comment.pk}/edit/", {"text": "Better words"})
    assert response.status_code == 403
    assert_nothing_of_the_hub(response)
    assert "Better words</textarea>" in response.content.decode()
    client.post(f"/comments/{comment.pk}/delete/")
    comment.refresh_from_db()
    assert comment.text == "My own words" and comment.deleted_at is None


@pytest.mark.parametrize("view", ["edit", "delete"])
def test_a_comment_on_an_unpublished_hub_cannot_be_opened(client, secret, reader, view):
    comment = comment_on(secret, reader, "My own words")
    secret.unpublish()
    client.force_login(reader)
    response = client.get(f"/comments/{comment.pk}/{view}/")
    assert response.status_code == 404
    assert_nothing_of_the_hub(response)


def test_a_group_member_edits_their_comment_on_a_group_hub(client, secret, reader):
    group = Group.objects.create(name="Gardeners")
    reader.groups.add(group)
    restrict(secret, "groups", [group])
    comment = comment_on(secret, reader, "My own words")
    client.force_login(reader)
    assert client.get(f"/comments/{comment.pk}/edit/").status_code == 200
    response = client.post(f"/comments/{comment.pk}/edit/", {"text": "Better words"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.text == "Better words"
    other = UserFactory()
    client.force_login(other)
    assert client.get(f"/comments/{comment.pk}/flag/").status_code == 403
