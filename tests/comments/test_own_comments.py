"""Writers edit their comments for 15 minutes and delete them any time; readers flag."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from quire.comments.models import Comment, CommentFlag
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(post_comment, hub, reader):
    post_comment(hub, "Original words", reader)
    return Comment.objects.get()


def test_the_writer_edits_within_15_minutes_and_it_shows_edited(client, comment, hub):
    page = client.get(hub.url).content.decode()
    assert f'href="/comments/{comment.pk}/edit/">Edit</a>' in page
    response = client.post(f"/comments/{comment.pk}/edit/", {"text": "Better words"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.text == "Better words" and comment.edited_at is not None
    assert "· edited" in Client().get(hub.url).content.decode()


def test_editing_after_15_minutes_is_refused(client, comment):
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        page = client.get(f"/comments/{comment.pk}/edit/").content.decode()
        assert "can be edited for 15 minutes" in page
        response = client.post(f"/comments/{comment.pk}/edit/", {"text": "Too late"})
    assert response.status_code == 400
    assert "Too late</textarea>" in response.content.decode()
    comment.refresh_from_db()
    assert comment.text == "Original words"


def test_an_edit_over_the_limit_keeps_the_text(client, comment):
    response = client.post(f"/comments/{comment.pk}/edit/", {"text": "x" * 8193})
    assert response.status_code == 400
    assert "(yours has 8193)" in response.content.decode()
    comment.refresh_from_db()
    assert comment.text == "Original words"


def test_nobody_else_can_edit_or_delete_it(comment):
    other = Client()
    other.force_login(UserFactory())
    assert other.get(f"/comments/{comment.pk}/edit/").status_code == 404
    assert other.post(f"/comments/{comment.pk}/edit/", {"text": "Hijack"}).status_code == 404
    assert other.post(f"/comments/{comment.pk}/delete/").status_code == 404
    comment.refresh_from_db()
    assert comment.text == "Original words" and comment.deleted_at is None
    anonymous = Client().post(f"/comments/{comment.pk}/delete/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous.url


def test_the_writer_deletes_it_any_time_and_the_text_is_erased(client, comment, hub):
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        assert client.get(f"/comments/{comment.pk}/delete/").status_code == 200
        response = client.post(f"/comments/{comment.pk}/delete/")
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.deleted_at is not None and comment.text == ""
    assert "Original words" not in Client().get(hub.url).content.decode()


def _flagger(reason="spam"):
    client = Client()
    client.force_login(UserFactory())
    return client


def test_three_flags_hold_a_comment_for_review(comment, hub, settings):
    assert settings.QUIRE_COMMENT_FLAGS_TO_HOLD == 3
    for n in range(3):
        response = _flagger().post(f"/comments/{comment.pk}/flag/", {"reason": "abuse"})
        assert response.status_code == 302
        comment.refresh_from_db()
        assert comment.flag_count == n + 1
    assert comment.status == Comment.Status.PENDING
    assert comment.spam_reasons[-1]["reason"] == "Flagged by 3 readers."
    assert "Original words" not in Client().get(hub.url).content.decode()


def test_flagging_twice_counts_once_and_own_comments_cannot_be_flagged(client, comment):
    flagger = _flagger()
    flagger.post(f"/comments/{comment.pk}/flag/", {"reason": "spam"})
    flagger.post(f"/comments/{comment.pk}/flag/", {"reason": "off-topic"})
    comment.refresh_from_db()
    assert comment.flag_count == 1
    assert CommentFlag.objects.get().reason == "off-topic"
    response = client.post(f"/comments/{comment.pk}/flag/", {"reason": "spam"})
    assert response.status_code == 400
    assert "cannot flag your own comment" in response.content.decode()


def test_a_flag_needs_a_valid_reason(comment):
    response = _flagger().post(f"/comments/{comment.pk}/flag/", {"reason": "boring"})
    assert response.status_code == 400
    assert not CommentFlag.objects.exists()
