"""Each spam layer on its own, then through the posting path."""

from datetime import timedelta

import pytest
from django.utils import timezone

from quire.comments.models import Comment, SpamToken
from quire.comments.spam import (
    Action,
    SpamContext,
    classifier,
    duplicates,
    honeypot,
    links,
    ratelimit,
    timing,
)
from quire.comments.text import fingerprint
from tests.comments.conftest import form_data
from tests.factories import UserFactory, make_hub

pytestmark = pytest.mark.django_db


def ctx(text="A fair point about the bread.", **kw) -> SpamContext:
    kw.setdefault("hub_id", 1)
    return SpamContext(text=text, **kw)


def test_honeypot():
    assert honeypot.check(ctx(honeypot="")) is None
    signal = honeypot.check(ctx(honeypot="http://spam.example"))
    assert signal.action == Action.SPAM and signal.layer == "honeypot"


def test_minimum_time_between_form_and_post():
    now = timezone.now()
    assert timing.check(ctx(form_token=timing.form_token(now - timedelta(seconds=30)))) is None
    fast = timing.check(ctx(form_token=timing.form_token(now - timedelta(seconds=1)), now=now))
    assert fast.action == Action.HOLD and "minimum 3 s" in fast.reason
    assert timing.check(ctx(form_token="")).action == Action.HOLD
    forged = timing.form_token(now - timedelta(hours=1))[:-2] + "xx"
    assert timing.check(ctx(form_token=forged)).action == Action.HOLD


def _stored(hub, user=None, ip=None, minutes_ago=0, text="Earlier"):
    return Comment.objects.create(
        hub=hub,
        user=user,
        ip_address=ip,
        text=text,
        text_hash=fingerprint(text),
        status=Comment.Status.PUBLISHED,
        created_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


def _earlier_posts(n: int, **who) -> None:
    """Posts counted by the rate limits (they count posts, on the shared limiter)."""
    for _ in range(n):
        assert ratelimit.check(ctx(**who)) is None


def test_rate_limit_per_account_per_minute(hub, reader):
    _earlier_posts(5, user_id=reader.pk)
    signal = ratelimit.check(ctx(user_id=reader.pk))
    assert signal.action == Action.REFUSE and "5 comments in a minute" in signal.reason


def test_rate_limit_per_ip_per_day(hub, settings):
    settings.QUIRE_COMMENT_RATE_PER_DAY = 3
    for n in range(3):
        later = ctx(ip_address="203.0.113.9", now=timezone.now() - timedelta(hours=n + 1))
        assert ratelimit.check(later) is None
    signal = ratelimit.check(ctx(ip_address="203.0.113.9"))
    assert signal.action == Action.REFUSE and "3 comments in a day" in signal.reason
    assert ratelimit.check(ctx(ip_address="203.0.113.10")) is None


def test_rate_limit_through_the_form_keeps_the_text(post_comment, hub, reader):
    _earlier_posts(5, user_id=reader.pk)
    response = post_comment(hub, "One too many", reader)
    assert response.status_code == 400
    html = response.content.decode()
    assert "You can post 5 comments in a minute." in html and "One too many</textarea>" in html


def test_duplicates(hub, reader, channel, author):
    long = "I planted the same seeds in the same soil and got a very different crop."
    _stored(hub, user=reader, text=long)
    again = duplicates.check(ctx(long.upper(), hub_id=hub.pk, user_id=reader.pk))
    assert again.action == Action.REFUSE
    other_hub = make_hub(channel, author, title="Other")
    elsewhere = duplicates.check(ctx(long, hub_id=other_hub.pk, user_id=UserFactory().pk))
    assert elsewhere.action == Action.HOLD and "1 time(s)" in elsewhere.reason
    _stored(hub, user=reader, text="Thank you!")
    assert duplicates.check(ctx("Thank you!", hub_id=other_hub.pk, user_id=author.pk)) is None


def test_links(settings):
    settings.QUIRE_COMMENT_BLOCKED_DOMAINS = ["pills.example"]
    assert links.check(ctx("See https://en.wikipedia.org/wiki/Bread")) is None
    many = links.check(ctx("a http://a.test b http://b.test c http://c.test"))
    assert many.action == Action.HOLD and "3 links (more than 2)" in many.reason
    blocked = links.check(ctx("cheap at https://shop.pills.example/buy"))
    assert blocked.action == Action.SPAM and "pills.example" in blocked.reason
    short = links.check(ctx("look https://bit.ly/abc"))
    assert short.action == Action.HOLD and "bit.ly" in short.reason


def test_classifier_knows_its_seed_and_stays_quiet_on_short_texts():
    spam = "Buy cheap followers and likes, instant delivery, order now on our website."
    ham = "Thank you, I tried your bread recipe with rye flour and the crust came out well."
    assert classifier.score(spam) > 0.95
    assert classifier.score(ham) < 0.3
    assert classifier.score("Hello") is None
    assert classifier.check(ctx(spam)).action == Action.SPAM


def test_classifier_learns_from_a_moderators_decision():
    text = "Zorblax tokens moon, zorblax presale, zorblax airdrop wallet, grab zorblax"
    before = classifier.score(text)
    assert before is None or before < 0.7
    for n in range(3):
        classifier.learn(f"{text} {n}", "spam")
    assert classifier.score(text) > 0.9
    docs = SpamToken.objects.get(token="")
    assert docs.spam >= 48
    for n in range(3):
        classifier.unlearn(f"{text} {n}", "spam")
    assert SpamToken.objects.get(token="").spam == docs.spam - 3


def test_a_spammy_comment_is_kept_as_spam_and_shown_to_its_writer(post_comment, client, hub):
    spammer = UserFactory()
    text = "Cheap replica watches and handbags, free shipping worldwide, visit our shop today."
    response = post_comment(hub, text, spammer)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM
    assert comment.spam_score > 0.95
    assert comment.spam_reasons[0]["layer"] == "classifier"
    assert "Awaiting approval" in client.get(hub.url).content.decode()


def test_honeypot_and_speed_through_the_form(client, hub, reader):
    client.force_login(reader)
    url = f"/comments/hub/{hub.pk}/"
    client.post(url, form_data("A bot filled everything", website="http://x.test"))
    too_fast = form_data("Typed at superhuman speed")
    too_fast["rendered"] = timing.form_token(timezone.now())
    client.post(url, too_fast)
    bot, fast = Comment.objects.order_by("pk")
    assert bot.status == Comment.Status.SPAM and bot.spam_reasons[0]["layer"] == "honeypot"
    assert fast.status == Comment.Status.PENDING and fast.spam_reasons[0]["layer"] == "timing"
