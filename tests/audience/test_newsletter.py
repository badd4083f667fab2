"""An author's newsletter: to the followers who chose it, at most one a day, listed on the
profile, stopped by one click or by the editors."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from quire.audience import services
from quire.audience.models import Follow, Newsletter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(author):
    author.groups.add(Group.objects.get(name="Authors"))
    return author


@pytest.fixture
def subscribers(writer):
    readers = [UserFactory() for _ in range(3)]
    for reader in readers:
        services.follow_author(reader, writer.pk)
    Follow.objects.filter(follower=readers[2]).update(newsletter=False)
    return readers


def send(client, **fields):
    data = {"subject": "News from the bakery", "note": "A new starter.", "hub": ""}
    data.update(fields)
    return client.post(reverse("audience_newsletter_form"), data)


def test_a_newsletter_reaches_the_followers_who_chose_it(
    client, writer, subscribers, hub, smtp, django_capture_on_commit_callbacks, run_audience_worker
):
    client.force_login(writer)
    page = client.get(reverse("audience_newsletter_form")).content.decode()
    assert "2 followers who chose your newsletter" in page
    with django_capture_on_commit_callbacks(execute=True):
        answer = send(client, hub=hub.pk, note="A new starter.\n\n<b>Warm</b> regards")
    assert answer.status_code == 302
    assert smtp.received == []  # the worker sends it
    run_audience_worker()
    assert sorted(smtp.recipients()) == sorted(r.email for r in subscribers[:2])
    message = smtp.received[0]
    assert message.message["Subject"] == "News from the bakery · Hana Okafor"
    html = message.part("text/html")
    assert "&lt;b&gt;Warm&lt;/b&gt;" in html and "Slow bread" in html
    assert message.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Its one-click link leaves this author's newsletter only.
    link = message.message["List-Unsubscribe"].strip().strip("<>")
    recipient = Follow.objects.get(follower__email=message.envelope_to[0])
    client.logout()
    assert (
        client.post("/" + link.split("/", 3)[3], {"List-Unsubscribe": "One-Click"}).status_code
        == 200
    )
    recipient.refresh_from_db()
    assert not recipient.newsletter and recipient.email == "instant"


def test_one_newsletter_a_day(client, writer, subscribers):
    client.force_login(writer)
    assert send(client).status_code == 302
    refused = send(client, subject="Again")
    assert refused.status_code == 400
    assert "one newsletter every 24 hours" in refused.content.decode()
    assert "News from the bakery" in refused.content.decode()  # the past one is listed
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert send(client, subject="Next day").status_code == 302
    assert Newsletter.objects.count() == 2


def test_a_refused_newsletter_keeps_what_was_written(client, writer, subscribers):
    client.force_login(writer)
    refused = send(client, subject="", note="Words worth keeping")
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Give your newsletter a subject." in page and "Words worth keeping" in page
    assert "at most 5,000 characters" in send(client, note="x" * 5001).content.decode()
    assert "Write a note, or choose" in send(client, note="").content.decode()


def test_only_ones_own_published_hub(client, writer, subscribers, channel):
    from tests.factories import make_hub

    theirs = make_hub(channel, UserFactory(), title="Not mine")
    client.force_login(writer)
    assert "Choose one of your published hubs." in send(client, hub=theirs.pk).content.decode()


def test_readers_cannot_send_newsletters(client, reader):
    client.force_login(reader)
    assert client.get(reverse("audience_newsletter_form")).status_code == 403
    with pytest.raises(services.AudienceError):
        services.newsletter_send(reader, subject="Hi", note="Hello", hub_id=None)


def test_editors_turn_an_authors_newsletter_off_with_a_reason(client, writer, editor, subscribers):
    client.force_login(writer)
    assert client.get(reverse("audience_admin:index")).status_code in (302, 403)
    client.force_login(editor)
    assert client.get(reverse("audience_admin:index")).status_code == 200
    client.post(
        reverse("audience_admin:allow"),
        {"author": writer.pk, "allowed": "0", "reason": "Too many adverts"},
    )
    client.force_login(writer)
    page = client.get(reverse("audience_newsletter_form")).content.decode()
    assert "turned newsletters off for your account: Too many adverts" in page
    assert send(client).status_code == 400 and not Newsletter.objects.exists()
    client.force_login(editor)
    client.post(reverse("audience_admin:allow"), {"author": writer.pk, "allowed": "1"})
    client.force_login(writer)
    assert send(client).status_code == 302


def test_past_newsletters_are_listed_on_the_profile(client, writer, subscribers):
    profile_url = writer.author_profile.get_absolute_url()
    assert "Newsletters" not in client.get(profile_url).content.decode()
    newsletter = services.newsletter_send(writer, subject="Spring notes", note="Hello", hub_id=None)
    page = client.get(profile_url).content.decode()  # the cached profile was refreshed
    assert "Spring notes" in page
    shown = client.get(reverse("audience_newsletter", args=[newsletter.pk]))
    assert shown.status_code == 200 and "Hello" in shown.content.decode()
    assert client.get(reverse("audience_newsletter", args=[newsletter.pk + 99])).status_code == 404
