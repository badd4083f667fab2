"""The author center's comment pages: authors moderate their own hubs' comments only."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from quire.comments.models import Comment, SpamToken
from quire.comments.text import fingerprint
from tests.factories import UserFactory, make_hub

pytestmark = pytest.mark.django_db


def in_group(user, name):
    user.groups.add(Group.objects.get(name=name))
    return user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def add(hub, user, text, status=Comment.Status.PENDING, **fields):
    return Comment.objects.create(
        hub=hub, user=user, text=text, text_hash=fingerprint(text), status=status, **fields
    )


@pytest.fixture
def setup(channel, author, reader):
    in_group(author, "Authors")
    other = in_group(UserFactory(first_name="Olga"), "Authors")
    mine = make_hub(channel, author, title="My hub")
    theirs = make_hub(channel, other, title="Their hub")
    return {
        "author": author,
        "other": other,
        "mine": add(mine, reader, "On my hub"),
        "theirs": add(theirs, reader, "On their hub", flag_count=2),
    }


def test_an_author_lists_only_comments_on_their_own_hubs(setup):
    html = signed_in(setup["author"]).get("/admin/comments/").content.decode()
    assert "On my hub" in html and "On their hub" not in html
    html = signed_in(setup["author"]).get("/admin/comments/?q=their").content.decode()
    assert "On their hub" not in html


def test_an_author_cannot_open_or_act_on_another_authors_comment(setup):
    client = signed_in(setup["author"])
    theirs = setup["theirs"]
    assert client.get(f"/admin/comments/{theirs.pk}/").status_code == 404
    assert (
        client.post(f"/admin/comments/{theirs.pk}/act/", {"action": "approve"}).status_code == 404
    )
    response = client.post("/admin/comments/bulk/", {"action": "spam", "ids": [theirs.pk]})
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.status == Comment.Status.PENDING and theirs.learned_as == ""
    reply = client.post(f"/admin/comments/{theirs.pk}/", {"text": "Not my place"})
    assert reply.status_code == 404
    assert not Comment.objects.filter(text="Not my place").exists()


def test_a_reader_without_editor_access_is_kept_out(setup, reader):
    response = signed_in(reader).get("/admin/comments/")
    assert response.status_code == 302
    assert Client().get("/admin/comments/").status_code == 302


def test_an_author_approves_rejects_and_marks_spam(setup):
    client = signed_in(setup["author"])
    mine = setup["mine"]
    client.post(f"/admin/comments/{mine.pk}/act/", {"action": "approve"})
    mine.refresh_from_db()
    assert mine.status == Comment.Status.PUBLISHED and mine.moderated_by == setup["author"]
    client.post(f"/admin/comments/{mine.pk}/act/", {"action": "reject"})
    mine.refresh_from_db()
    assert mine.status == Comment.Status.REJECTED
    before = SpamToken.objects.get(token="").spam
    client.post(f"/admin/comments/{mine.pk}/act/", {"action": "spam"})
    mine.refresh_from_db()
    assert mine.status == Comment.Status.SPAM and mine.learned_as == "spam"
    assert SpamToken.objects.get(token="").spam == before + 1
    client.post(f"/admin/comments/{mine.pk}/act/", {"action": "not_spam"})
    mine.refresh_from_db()
    docs = SpamToken.objects.get(token="")
    assert mine.status == Comment.Status.PUBLISHED and mine.learned_as == "ham"
    assert docs.spam == before


def test_an_author_replies_from_the_author_center(setup):
    mine = setup["mine"]
    mine.status = Comment.Status.PUBLISHED
    mine.save()
    client = signed_in(setup["author"])
    response = client.post(f"/admin/comments/{mine.pk}/", {"text": "Thanks for reading!"})
    assert response.status_code == 302
    reply = Comment.objects.get(text="Thanks for reading!")
    assert reply.parent == mine and reply.user == setup["author"] and reply.is_published


def test_a_moderator_sees_everything_filters_and_acts_in_bulk(setup):
    moderator = in_group(UserFactory(), "Moderators")
    client = signed_in(moderator)
    html = client.get("/admin/comments/").content.decode()
    assert "On my hub" in html and "On their hub" in html
    flagged = client.get("/admin/comments/?flagged=1").content.decode()
    assert "On their hub" in flagged and "On my hub" not in flagged
    by_hub = client.get("/admin/comments/?hub=Their").content.decode()
    assert "On their hub" in by_hub and "On my hub" not in by_hub
    by_author = client.get("/admin/comments/?author=Olga").content.decode()
    assert "On their hub" in by_author and "On my hub" not in by_author
    by_writer = client.get("/admin/comments/?writer=Nobody").content.decode()
    assert "No comments here." in by_writer
    published = client.get("/admin/comments/?status=published").content.decode()
    assert "No comments here." in published
    ids = [setup["mine"].pk, setup["theirs"].pk]
    response = client.post(
        "/admin/comments/bulk/",
        {"action": "approve", "ids": ids, "next": "/admin/comments/?status=pending"},
    )
    assert response.url == "/admin/comments/?status=pending"
    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.PUBLISHED}
    setup["theirs"].refresh_from_db()
    assert setup["theirs"].flag_count == 0  # reviewed: earlier flags are settled


def test_bulk_refuses_an_offsite_redirect(setup):
    client = signed_in(setup["author"])
    response = client.post(
        "/admin/comments/bulk/",
        {"action": "approve", "ids": [setup["mine"].pk], "next": "https://evil.test/"},
    )
    assert response.url == "/admin/comments/"
