"""Email on new hubs, through a real SMTP server: sent by the task worker, never in the
request; once per hub and reader; digests; one-click unsubscribe; bounces."""

import base64
from datetime import UTC, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from quire.audience import services, tasks
from quire.audience.models import Delivery, Email, Follow, HubNotice, Suppression
from quire.audience.tokens import unsubscribe_token
from quire.editorial.services import hub_feature
from tests.audience.conftest import audience_tasks
from tests.factories import UserFactory, make_hub

pytestmark = pytest.mark.django_db


@pytest.fixture
def fans(author):
    readers = [UserFactory() for _ in range(3)]
    for reader in readers:
        services.follow_author(reader, author.pk)
    return readers


def publish(channel, author, capture, **fields):
    with capture(execute=True):
        return make_hub(channel, author, **fields)


def test_a_new_hub_is_emailed_by_the_worker_to_each_follower(
    settings, smtp, fans, channel, author, django_capture_on_commit_callbacks, run_audience_worker
):
    hub = publish(
        channel, author, django_capture_on_commit_callbacks, title="Rye, slowly", summary="A loaf."
    )
    assert smtp.received == []  # nothing is sent in the publishing request
    assert audience_tasks().count() == 1
    run_audience_worker()
    assert sorted(smtp.recipients()) == sorted(f.email for f in fans)
    message = smtp.received[0].message
    assert message["Subject"] == "[Quire] New from Hana Okafor: Rye, slowly"
    text, html = smtp.received[0].part("text/plain"), smtp.received[0].part("text/html")
    for body in (text, html):
        assert "Rye, slowly" in body and "A loaf." in body
        assert f"{settings.WAGTAILADMIN_BASE_URL}{hub.url}" in body
        assert "Food" in body and reverse("audience_preferences") in body
    assert '<meta name="viewport"' in html
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"].strip().startswith("<http") and message["List-Id"]


def test_the_unsubscribe_link_of_a_received_email_works_in_one_click(
    client, smtp, fans, channel, author, django_capture_on_commit_callbacks, run_audience_worker
):
    publish(channel, author, django_capture_on_commit_callbacks)
    run_audience_worker()
    received = next(r for r in smtp.received if r.envelope_to == [fans[0].email])
    link = received.message["List-Unsubscribe"].strip().strip("<>")
    path = "/" + link.split("/", 3)[3]
    # A mail provider's one-click POST: no cookies, no CSRF token.
    answer = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    assert Follow.objects.get(follower=fans[0]).email == Email.OFF
    # Replayed: the same answer, nothing else changed.
    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert Follow.objects.filter(email=Email.INSTANT).count() == 2
    # Still following: the feed shows the hub.
    assert Follow.objects.filter(follower=fans[0]).exists()


def test_a_reader_unsubscribes_from_the_link_after_a_question(client, fans):
    link = reverse("audience_unsubscribe", args=[unsubscribe_token(fans[0])])
    asked = client.get(link)
    assert asked.status_code == 200 and "Stop these emails" in asked.content.decode()
    assert Follow.objects.get(follower=fans[0]).email == Email.INSTANT  # a GET does nothing
    done = client.post(link)
    assert "no more emails about new hubs" in done.content.decode()
    assert Follow.objects.get(follower=fans[0]).email == Email.OFF


@pytest.mark.parametrize("token", ["forged", "x" * 1000, "eyJ1IjoxLCJlIjoiYUBiLmMifQ:1vA0aa:nope"])
def test_a_forged_unsubscribe_link_says_so(client, fans, token):
    answer = client.post(reverse("audience_unsubscribe", args=[token]))
    assert answer.status_code == 400
    assert "not one we sent" in answer.content.decode()
    assert not Follow.objects.filter(email=Email.OFF).exists()


def test_an_expired_unsubscribe_link_says_so(client, fans, settings):
    token = unsubscribe_token(fans[0])
    with time_machine.travel(timezone.now() + timedelta(days=400)):
        answer = client.get(reverse("audience_unsubscribe", args=[token]))
    assert answer.status_code == 400 and "too old" in answer.content.decode()


def test_a_link_for_an_address_the_account_no_longer_has_changes_nothing(client, fans):
    token = unsubscribe_token(fans[0])
    fans[0].email = "moved@example.org"
    fans[0].save()
    answer = client.post(reverse("audience_unsubscribe", args=[token]))
    assert answer.status_code == 400
    assert Follow.objects.get(follower=fans[0]).email == Email.INSTANT


def test_a_hub_notifies_once_however_often_it_is_republished(
    smtp, fans, channel, author, django_capture_on_commit_callbacks, run_audience_worker
):
    hub = publish(channel, author, django_capture_on_commit_callbacks)
    run_audience_worker()
    assert len(smtp.received) == 3
    with django_capture_on_commit_callbacks(execute=True):
        hub.unpublish()
        hub.title = "Edited"
        hub.save_revision(user=author).publish()
        hub.save_revision(user=author).publish()
    run_audience_worker()
    assert len(smtp.received) == 3
    assert HubNotice.objects.filter(hub=hub).count() == 1


def test_an_old_hub_published_now_is_news_to_nobody(
    smtp, fans, channel, author, django_capture_on_commit_callbacks, run_audience_worker
):
    publish(
        channel,
        author,
        django_capture_on_commit_callbacks,
        first_published_at=timezone.now() - timedelta(days=400),
    )
    run_audience_worker()
    assert smtp.received == [] and not HubNotice.objects.exists()


def test_channel_followers_hear_of_a_hub_when_it_is_featured(
    smtp, channel, author, editor, django_capture_on_commit_callbacks, run_audience_worker
):
    follower = UserFactory()
    services.follow_channel(follower, channel.pk)
    Follow.objects.filter(follower=follower).update(email=Email.INSTANT)
    hub = publish(channel, author, django_capture_on_commit_callbacks)
    run_audience_worker()
    assert smtp.received == []  # not featured: the channel's editorial rule
    with django_capture_on_commit_callbacks(execute=True):
        hub_feature(hub, editor, featured=True)
    run_audience_worker()
    assert smtp.recipients() == [follower.email]


def test_a_reader_who_follows_author_and_channel_gets_one_email(
    smtp, channel, author, editor, django_capture_on_commit_callbacks, run_audience_worker
):
    reader = UserFactory()
    services.follow_author(reader, author.pk)
    services.follow_channel(reader, channel.pk)
    Follow.objects.filter(follower=reader).update(email=Email.INSTANT)
    hub = publish(channel, author, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        hub_feature(hub, editor, featured=True)
    run_audience_worker()
    assert smtp.recipients() == [reader.email]


def test_off_and_suppressed_addresses_get_nothing(
    smtp, fans, channel, author, django_capture_on_commit_callbacks, run_audience_worker
):
    Follow.objects.filter(follower=fans[0]).update(email=Email.OFF)
    services.address_suppress(fans[1].email.upper(), "bounced", "test")
    publish(channel, author, django_capture_on_commit_callbacks)
    run_audience_worker()
    assert smtp.recipients() == [fans[2].email]
    assert Delivery.objects.get(recipient=fans[1]).skipped == "address suppressed"


def test_daily_followers_get_one_digest_at_the_digest_hour(
    smtp, fans, channel, author, django_capture_on_commit_callbacks, run_audience_worker
):
    Follow.objects.filter(follower=fans[0]).update(email=Email.DAILY)
    first = publish(channel, author, django_capture_on_commit_callbacks, title="First loaf")
    second = publish(channel, author, django_capture_on_commit_callbacks, title="Second loaf")
    run_audience_worker()
    assert fans[0].email not in smtp.recipients()  # waits for the digest
    due = tasks.next_digest_due(Email.DAILY, timezone.now())
    with time_machine.travel(due + timedelta(seconds=1)):
        run_audience_worker()
    digests = [r for r in smtp.received if r.envelope_to == [fans[0].email]]
    assert len(digests) == 1
    body = digests[0].part("text/plain")
    assert first.title in body and second.title in body
    assert digests[0].message["Subject"].startswith("[Quire] Your daily digest: 2 new hubs")
    assert digests[0].message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    with time_machine.travel(due + timedelta(days=1, seconds=1)):
        run_audience_worker()
    assert len([r for r in smtp.received if r.envelope_to == [fans[0].email]]) == 1


def test_the_digest_comes_at_its_hour_and_weekly_on_monday(settings):
    settings.QUIRE_AUDIENCE_DIGEST_HOUR = 7
    wednesday_noon = timezone.datetime(2026, 12, 9, 12, 0, tzinfo=UTC)
    assert tasks.next_digest_due(Email.DAILY, wednesday_noon).isoformat() == (
        "2026-12-10T07:00:00+00:00"
    )
    assert tasks.next_digest_due(Email.WEEKLY, wednesday_noon).isoformat() == (
        "2026-12-14T07:00:00+00:00"
    )


def test_a_worker_killed_mid_way_resumes_without_sending_twice_or_skipping(
    smtp,
    channel,
    author,
    django_capture_on_commit_callbacks,
    run_audience_worker,
    settings,
    monkeypatch,
):
    settings.QUIRE_AUDIENCE_SEND_BATCH = 4
    readers = [UserFactory() for _ in range(10)]
    for reader in readers:
        services.follow_author(reader, author.pk)
    publish(channel, author, django_capture_on_commit_callbacks)
    real_send = tasks._send
    calls = {"n": 0}

    class Killed(BaseException):
        """What a SIGKILL looks like from inside: the task stops between two emails."""

    def dying_send(*args):
        calls["n"] += 1
        if calls["n"] == 6:
            raise Killed
        return real_send(*args)

    monkeypatch.setattr(tasks, "_send", dying_send)
    run_audience_worker()
    assert len(smtp.received) == 5
    assert audience_tasks().filter(status="FAILED").count() == 1
    # The supervisor puts the task back in the queue (quire_task_worker --recover).
    monkeypatch.setattr(tasks, "_send", real_send)
    tasks.deliver_instant.enqueue(Delivery.objects.first().hub_id)
    run_audience_worker()
    assert sorted(smtp.recipients()) == sorted(r.email for r in readers)


def test_a_mail_server_that_cannot_be_reached_is_tried_again_later(
    fans, channel, author, django_capture_on_commit_callbacks, run_audience_worker, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    publish(channel, author, django_capture_on_commit_callbacks)
    run_audience_worker()
    assert Delivery.objects.filter(sent_at__isnull=True, skipped="").count() == 3
    later = audience_tasks().filter(status="READY").get()
    assert later.run_after > timezone.now() + timedelta(seconds=200)


def test_a_providers_bounce_webhook_stops_mail_to_that_address(client, fans):
    payload = {
        "RecordType": "Bounce",
        "Type": "HardBounce",
        "TypeCode": 1,
        "Email": fans[0].email,
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "BouncedAt": "2026-12-07T10:00:00Z",
        "Description": "The server was unable to deliver your message",
        "Details": "smtp;550 5.1.1 The email account does not exist.",
    }
    url = "/mail/events/postmark/tracking/"
    refused = client.post(url, payload, content_type="application/json")
    assert refused.status_code == 400 and not Suppression.objects.exists()

    auth = "Basic " + base64.b64encode(b"provider:webhook-secret").decode()
    answer = client.post(url, payload, content_type="application/json", HTTP_AUTHORIZATION=auth)
    assert answer.status_code == 200
    assert Suppression.objects.get().address == fans[0].email


DSN = """From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
To: noreply@localhost
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

Your message could not be delivered.

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; {gone}
Action: failed
Status: 5.1.1

Final-Recipient: rfc822; {full}
Action: delayed
Status: 4.2.2

--b1--
"""


def test_the_bounces_command_reads_delivery_status_notifications(tmp_path: Path, capsys):
    path = tmp_path / "bounce.eml"
    path.write_text(DSN.format(gone="Gone@Example.org", full="full@example.org"))
    call_command("audience_bounces", "--dsn", str(path), "typo@example", "spam@example.org")
    suppressed = set(Suppression.objects.values_list("address", flat=True))
    # The permanent failure and the address given; a full mailbox is tried again.
    assert suppressed == {"gone@example.org", "spam@example.org"}
    out = capsys.readouterr()
    assert "1 message(s) read" in out.out and "not an email address" in out.err


def test_no_providers_webhook_answers_a_body_it_cannot_read_with_a_server_error(client):
    from quire.audience.webhooks import webhook_urls

    auth = "Basic " + base64.b64encode(b"provider:webhook-secret").decode()
    patterns = webhook_urls()[0].url_patterns
    assert len(patterns) >= 10
    for pattern in patterns:
        url = f"/mail/events/{pattern.pattern}"
        for body in ("{}", "not json", '{"event": [1]}', "[]"):
            answer = client.post(
                url, body, content_type="application/json", HTTP_AUTHORIZATION=auth
            )
            assert answer.status_code < 500, (url, body)
    assert not Suppression.objects.exists()


def test_emails_still_waiting_follow_what_the_reader_follows_now(
    smtp, fans, channel, author, django_capture_on_commit_callbacks, run_audience_worker
):
    Follow.objects.filter(follower__in=fans[:2]).update(email=Email.DAILY)
    publish(channel, author, django_capture_on_commit_callbacks, title="Waiting for the digest")
    run_audience_worker()  # fans[2] has theirs at once; the others wait for the digest
    assert smtp.recipients() == [fans[2].email]
    services.unfollow(fans[0], author_id=author.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.follow_preferences_set(
            fans[1],
            Follow.objects.get(follower=fans[1]).pk,
            email=Email.INSTANT,
            newsletter=True,
            take_email_along=False,
        )
    run_audience_worker()
    assert sorted(smtp.recipients()) == sorted([fans[2].email, fans[1].email])
    assert Delivery.objects.get(recipient=fans[0]).skipped == "no longer followed"
    due = tasks.next_digest_due(Email.DAILY, timezone.now())
    with time_machine.travel(due + timedelta(seconds=1)):
        run_audience_worker()
    assert len(smtp.received) == 2  # no digest: nothing left waiting for one


def test_a_hub_unpublished_before_its_emails_drops_them_all(
    smtp, fans, channel, author, django_capture_on_commit_callbacks, run_audience_worker, settings
):
    settings.QUIRE_AUDIENCE_SEND_BATCH = 2
    hub = publish(channel, author, django_capture_on_commit_callbacks)
    hub.unpublish()
    run_audience_worker()
    assert smtp.received == []
    assert set(Delivery.objects.values_list("skipped", flat=True)) == {"hub not live"}
