"""Emails about comments are queued as background tasks and sent by the worker."""

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from quire.comments.models import Comment, CommentPreferences
from tests.tasks import run_queued

pytestmark = pytest.mark.django_db


def comment_tasks():
    return DBTaskResult.objects.filter(task_path__startswith="quire.comments.tasks.")


def run_worker():
    run_queued(comment_tasks())


def test_a_new_comment_queues_an_email_to_the_author_sent_by_the_worker(
    post_comment, hub, reader, author, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(hub, "What flour do you use?", reader)
    assert mail.outbox == []  # nothing is sent inside the request
    queued = comment_tasks().get()
    assert queued.task_path == "quire.comments.tasks.notify_hub_author"
    assert queued.status == "READY"
    run_worker()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [author.email]
    assert message.subject == "New comment on “Slow bread”"
    assert "What flour do you use?" in message.body
    assert f"#comment-{Comment.objects.get().pk}" in message.body


def test_a_held_comment_tells_the_author_it_awaits_approval(
    post_comment, hub, reader, author, django_capture_on_commit_callbacks
):
    CommentPreferences.objects.create(user=author, hold_for_approval=True)
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(hub, "Hold me", reader)
    run_worker()
    assert mail.outbox[0].subject == "A comment awaits your approval on “Slow bread”"
    assert "/admin/comments/" in mail.outbox[0].body


def test_a_reply_emails_the_commenter_but_not_the_author_about_their_own_reply(
    post_comment, hub, reader, author, django_capture_on_commit_callbacks
):
    post_comment(hub, "Question", reader)
    top = Comment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(hub, "Answer", author, parent=top.pk)
    assert [t.task_path for t in comment_tasks()] == ["quire.comments.tasks.notify_reply"]
    run_worker()
    assert [m.to for m in mail.outbox] == [[reader.email]]
    assert mail.outbox[0].subject.startswith("Hana Okafor replied to your comment")


def test_turning_emails_off_stops_them_even_when_queued(
    post_comment, hub, reader, author, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(hub, "Quiet please", reader)
    CommentPreferences.objects.create(user=author, email_on_comment=False)
    run_worker()
    assert mail.outbox == []
    assert comment_tasks().get().status == "SUCCESSFUL"


def test_spam_sends_nothing(post_comment, hub, reader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(hub, "Spam bot", reader, website="http://bot.example")
    assert Comment.objects.get().status == Comment.Status.SPAM
    assert not comment_tasks().exists()
