"""Comment limits that hold: the rate limits count posts on the shared limiter (not
stored rows a racing post cannot see yet), and the form's token posts one comment.
Posts racing in real threads are in tests/transactional/test_ratelimit_concurrency.py."""

from datetime import timedelta

import pytest
from django.utils import timezone

from quire.comments.models import Comment
from quire.comments.services import CommentError, comment_post
from quire.comments.spam import timing
from quire.core.models import RateCounter
from tests.comments.conftest import form_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def token(minutes_ago: float = 1) -> str:
    return timing.form_token(timezone.now() - timedelta(minutes=minutes_ago))


def post(hub, user, text, *, ip="198.51.100.7", form_token=None) -> Comment:
    return comment_post(
        hub=hub, user=user, text=text, ip_address=ip, form_token=form_token or token()
    )


def test_the_sixth_post_in_a_minute_is_refused(hub, reader):
    for n in range(5):
        post(hub, reader, f"Comment number {n}")
    with pytest.raises(CommentError, match="You can post 5 comments in a minute"):
        post(hub, reader, "One too many")
    assert Comment.objects.count() == 5


def test_the_limit_is_per_address_too(hub, settings):
    settings.QUIRE_COMMENT_RATE_PER_MINUTE = 3
    for n in range(3):
        post(hub, UserFactory(), f"From a new account {n}")
    with pytest.raises(CommentError, match="3 comments in a minute"):
        post(hub, UserFactory(), "Yet another account, the same address")
    post(hub, UserFactory(), "Somewhere else", ip="203.0.113.5")
    # An IPv6 writer counts by network: new addresses in it are not new writers.
    for n in range(3):
        post(hub, UserFactory(), f"Six {n}", ip=f"2001:db8:1:2::{n + 1}")
    with pytest.raises(CommentError):
        post(hub, UserFactory(), "Six more", ip="2001:db8:1:2::ff")


def test_the_daily_limit_says_to_come_back_tomorrow(hub, reader, settings):
    settings.QUIRE_COMMENT_RATE_PER_DAY = 2
    post(hub, reader, "Morning")
    post(hub, reader, "Noon")
    with pytest.raises(CommentError, match=r"2 comments in a day\. Please come back tomorrow"):
        post(hub, reader, "Evening")


def test_a_refused_post_is_not_counted(hub, reader, settings):
    settings.QUIRE_COMMENT_RATE_PER_MINUTE = 2
    post(hub, reader, "A first thought")
    for _ in range(4):
        with pytest.raises(CommentError, match="already posted this comment"):
            post(hub, reader, "A first thought")
    post(hub, reader, "A second thought")
    with pytest.raises(CommentError, match="2 comments in a minute"):
        post(hub, reader, "A third thought")


def test_counts_are_kept_in_the_shared_table_without_who(hub, reader):
    post(hub, reader, "Counted where every worker sees it")
    keys = list(RateCounter.objects.values_list("key", flat=True))
    assert sum(k.startswith("comment.account/") for k in keys) == 2  # a minute, a day
    assert sum(k.startswith("comment.address/") for k in keys) == 2
    assert not any("198.51" in k for k in keys)


def test_a_form_token_posts_one_comment(hub, reader):
    reused = token()
    first = post(hub, reader, "Posted from the form", form_token=reused)
    assert first.status == Comment.Status.PUBLISHED
    # The same token again (a replay, or the back button and a new text) is held, not
    # published and not lost.
    again = post(hub, reader, "Posted from the same form again", form_token=reused)
    assert again.status == Comment.Status.PENDING
    assert again.spam_reasons[0]["layer"] == "timing"
    assert "already posted a comment" in again.spam_reasons[0]["reason"]
    for n in range(3):
        replay = post(hub, UserFactory(), f"Replay {n}", form_token=reused, ip=f"192.0.2.{n}")
        assert replay.status == Comment.Status.PENDING


def test_a_refused_post_does_not_use_up_its_token(hub, reader):
    post(hub, reader, "My point, made once")
    form = token()
    with pytest.raises(CommentError, match="already posted"):
        post(hub, reader, "My point, made once", form_token=form)
    # The reader changes the text and sends the same form again: not held.
    assert post(hub, reader, "My point, put better", form_token=form).is_published


def test_a_form_left_open_for_more_than_a_day_is_held(hub, reader):
    late = post(hub, reader, "Written over a long weekend", form_token=token(minutes_ago=25 * 60))
    assert late.status == Comment.Status.PENDING
    assert "more than a day" in late.spam_reasons[0]["reason"]


def send(client, hub, data):
    return client.post(f"/comments/hub/{hub.pk}/", data)


def test_sending_the_form_twice_keeps_the_text_and_says_why(client, hub, reader):
    client.force_login(reader)
    data = form_data("Pressed the button twice")
    assert send(client, hub, data).status_code == 302
    second = send(client, hub, data)
    html = second.content.decode()
    assert second.status_code == 400
    assert "You have already posted this comment on this hub." in html
    assert "Pressed the button twice</textarea>" in html
    assert Comment.objects.count() == 1


def test_back_to_an_old_form_with_a_new_text_is_kept_for_approval(client, hub, reader):
    client.force_login(reader)
    data = form_data("The first comment")
    send(client, hub, data)
    data["text"] = "A second thought, from the same page"
    response = send(client, hub, data)
    assert response.status_code == 302
    followed = client.get(response.url.split("#")[0]).content.decode()
    assert "awaiting approval" in followed.lower()
    assert Comment.objects.get(text=data["text"]).status == Comment.Status.PENDING
