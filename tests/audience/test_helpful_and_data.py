""" "Helpful" on a hub, and what the audience keeps in a person's export and deletion."""

import json
import zipfile

import pytest
from django.urls import reverse

from quire.accounts.deletion import account_delete
from quire.accounts.export import data_export_build
from quire.accounts.models import DataExport
from quire.audience import services
from quire.audience.models import Follow, Reaction
from tests.factories import UserFactory, make_hub

pytestmark = pytest.mark.django_db


def helpful_url(hub):
    return reverse("audience_helpful", args=[hub.pk])


def test_helpful_toggles_and_the_cached_hub_shows_the_new_count(client, reader, hub):
    assert "0 readers found this helpful" in client.get(hub.url).content.decode()
    signed = client.__class__()
    signed.force_login(reader)
    answer = signed.post(helpful_url(hub), HTTP_ACCEPT="application/json").json()
    assert answer == {"helpful": True, "count": 1}
    # The anonymous page was cached whole; the reaction refreshed it.
    assert "1 reader found this helpful" in client.get(hub.url).content.decode()
    assert signed.post(helpful_url(hub), HTTP_ACCEPT="application/json").json() == {
        "helpful": False,
        "count": 0,
    }
    assert not Reaction.objects.exists()


def test_one_helpful_per_reader_however_often_they_click(reader, hub):
    services.reaction_toggle(reader, hub.pk)
    Reaction.objects.get_or_create(hub=hub, user=reader)
    assert Reaction.objects.count() == 1


def test_an_author_cannot_mark_their_own_hub(client, author, hub):
    client.force_login(author)
    answer = client.post(helpful_url(hub), HTTP_ACCEPT="application/json")
    assert answer.status_code == 400 and "already" in answer.json()["error"]


def test_a_visitor_is_asked_to_sign_in(client, hub):
    page = client.post(helpful_url(hub))
    assert page.status_code == 200 and "Sign in" in page.content.decode()
    assert not Reaction.objects.exists()


def test_an_unpublished_hub_cannot_be_marked(client, reader, hub):
    hub.unpublish()
    client.force_login(reader)
    assert client.post(helpful_url(hub)).status_code == 404
    assert not Reaction.objects.exists()


def test_the_export_has_what_a_reader_follows_and_the_addresses_an_author_may_take(
    author, reader, hub
):
    services.follow_author(reader, author.pk)
    Follow.objects.filter(follower=reader).update(take_email_along=True)
    quiet = UserFactory()
    services.follow_author(quiet, author.pk)
    services.reaction_toggle(reader, hub.pk)
    for user in (reader, author):
        DataExport.objects.create(user=user)
    data_export_build(DataExport.objects.get(user=reader))
    with zipfile.ZipFile(DataExport.objects.get(user=reader).file.open("rb")) as archive:
        following = json.loads(archive.read("following.json"))
        assert following[0]["author"] == "Hana Okafor"
        assert following[0]["email_on_new_hubs"] == "instant"
        assert json.loads(archive.read("helpful.json"))[0]["hub"] == "Slow bread"
        account = json.loads(archive.read("account.json"))
        assert account["notification_emails"] == {"featured": True, "new_follower": False}
    data_export_build(DataExport.objects.get(user=author))
    with zipfile.ZipFile(DataExport.objects.get(user=author).file.open("rb")) as archive:
        along = json.loads(archive.read("followers_who_come_along.json"))
    # Only the follower who agreed.
    assert [row["email"] for row in along] == [reader.email]


def test_deleting_an_account_deletes_its_follows_both_ways_and_its_reactions(
    client, author, reader, hub, channel
):
    services.follow_author(reader, author.pk)
    services.follow_channel(reader, channel.pk)
    services.follow_author(author, reader.pk)
    services.reaction_toggle(reader, hub.pk)
    profile_url = author.author_profile.get_absolute_url()
    assert "1 follower<" in client.get(profile_url).content.decode()
    account_delete(reader, hubs="keep", comments="keep")
    assert not Follow.objects.exists() and not Reaction.objects.exists()
    # The cached profile and hub show the counts without them.
    assert "0 followers" in client.get(profile_url).content.decode()
    assert "0 readers found this helpful" in client.get(hub.url).content.decode()
    make_hub(channel, author)  # and the author publishes on: nobody to tell


def test_helpful_is_rate_limited_per_account(reader, hub, settings):
    settings.QUIRE_AUDIENCE_CHANGES_PER_HOUR = 2
    services.reaction_toggle(reader, hub.pk)
    services.reaction_toggle(reader, hub.pk)
    with pytest.raises(services.AudienceError, match="try again later"):
        services.reaction_toggle(reader, hub.pk)
    assert not Reaction.objects.exists()
