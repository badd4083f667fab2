"""Notifications in the site: a new follower, a comment on your hub, a reply to your
comment, your hub featured; an unread count in the header; the follower email by choice."""

import pytest
from django.core import mail
from django.urls import reverse

from quire.accounts.models import NotificationPreferences
from quire.audience import services
from quire.audience.models import Notification
from quire.comments.models import Comment
from quire.editorial.services import hub_feature
from tests.audience.conftest import audience_tasks
from tests.comments.conftest import form_data
from tests.factories import UserFactory
from tests.tasks import run_queued

pytestmark = pytest.mark.django_db


@pytest.fixture
def post_comment(client):
    def post(hub, text, user, **extra):
        client.force_login(user)
        return client.post(f"/comments/hub/{hub.pk}/", form_data(text, **extra))

    return post


def texts(user):
    return list(Notification.objects.filter(user=user).values_list("text", flat=True))


def test_a_new_follower_is_a_notification_once(author, reader):
    services.follow_author(reader, author.pk)
    services.unfollow(reader, author_id=author.pk)
    services.follow_author(reader, author.pk)
    assert texts(author) == ["Ravi Menon now follows you."]


def test_comments_and_replies_notify_the_author_and_the_commenter(
    post_comment, hub, author, reader
):
    post_comment(hub, "What flour?", reader)
    top = Comment.objects.get()
    post_comment(hub, "Rye, mostly.", author, parent=top.pk)
    assert texts(author) == ["Ravi Menon commented on “Slow bread”."]
    assert texts(reader) == ["Hana Okafor replied to your comment on “Slow bread”."]
    top.save()  # saved again (an edit, a flag): no second notification
    assert Notification.objects.count() == 2


def test_a_held_comment_notifies_when_it_is_approved(post_comment, hub, author, reader):
    from quire.comments.models import CommentPreferences

    CommentPreferences.objects.create(user=author, hold_for_approval=True)
    post_comment(hub, "Held for now", reader)
    assert texts(author) == []
    comment = Comment.objects.get()
    comment.status = Comment.Status.PUBLISHED
    comment.save()
    assert texts(author) == ["Ravi Menon commented on “Slow bread”."]


def test_a_featured_hub_notifies_its_author(hub, author, editor):
    hub_feature(hub, editor, featured=True)
    assert texts(author) == ["Your hub “Slow bread” is featured: it is listed and indexed now."]


def test_the_header_counts_unread_and_the_page_marks_them_read(client, author, reader):
    services.follow_author(reader, author.pk)
    client.force_login(author)
    home = client.get("/").content.decode()
    assert 'aria-label="Notifications, 1 unread"' in home
    page = client.get(reverse("audience_notifications")).content.decode()
    assert "Ravi Menon now follows you." in page and "is-unread" in page
    assert 'aria-label="Notifications"' in client.get("/").content.decode()
    assert "is-unread" not in client.get(reverse("audience_notifications")).content.decode()


def test_the_follower_email_only_when_asked_for(author, django_capture_on_commit_callbacks):
    fans = [UserFactory(), UserFactory()]
    with django_capture_on_commit_callbacks(execute=True):
        services.follow_author(fans[0], author.pk)
    run_queued(audience_tasks())
    assert mail.outbox == []  # off by default
    NotificationPreferences.objects.update_or_create(
        user=author, defaults={"email_on_follower": True}
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.follow_author(fans[1], author.pk)
    run_queued(audience_tasks().filter(status="READY"))
    assert [m.to for m in mail.outbox] == [[author.email]]
    assert "now follows you" in mail.outbox[0].subject
