"""The following feed: every live hub of followed authors, featured hubs of followed
channels, newest first, paginated, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quire.articles.models import ArticlePage, ChannelPage
from quire.audience import services
from tests.factories import UserFactory, make_hub

pytestmark = pytest.mark.django_db


def feed_titles(client, page=1):
    answer = client.get(reverse("audience_feed"), {"page": page})
    assert answer.status_code == 200
    return [hub.title for hub in answer.context["feed"].hubs], answer


def test_the_feed_has_followed_authors_hubs_featured_or_not_and_featured_channel_hubs(
    client, reader, author, channel
):
    other = UserFactory()
    travel = ChannelPage.objects.get(slug="travel")
    make_hub(channel, author, title="Unfeatured by the author")
    make_hub(travel, other, title="Featured in travel", featured=True)
    make_hub(travel, other, title="Unfeatured in travel")
    make_hub(channel, other, title="Someone else in food", featured=True)
    draft = make_hub(channel, author, title="A draft", publish=False)
    services.follow_author(reader, author.pk)
    services.follow_channel(reader, travel.pk)
    client.force_login(reader)
    titles, _ = feed_titles(client)
    assert set(titles) == {"Unfeatured by the author", "Featured in travel"}
    assert draft.title not in titles


def test_the_feed_is_newest_first_and_paginated(client, reader, author, channel, settings):
    settings.QUIRE_HUBS_PER_PAGE = 2
    now = timezone.now()
    for n in range(5):
        hub = make_hub(channel, author, title=f"Hub {n}")
        ArticlePage.objects.filter(pk=hub.pk).update(
            first_published_at=now - timezone.timedelta(days=10 - n)
        )
    services.follow_author(reader, author.pk)
    client.force_login(reader)
    assert feed_titles(client)[0] == ["Hub 4", "Hub 3"]
    titles, answer = feed_titles(client, 3)
    assert titles == ["Hub 0"]
    assert "Older" not in answer.content.decode() and "Newer" in answer.content.decode()
    titles, answer = feed_titles(client, 9)
    assert titles == [] and "No older hubs" in answer.content.decode()
    assert client.get(reverse("audience_feed"), {"page": "junk"}).status_code == 200


def test_an_empty_feed_suggests_authors_and_channels(client, reader, author, channel):
    make_hub(channel, author, title="Something to read")
    client.force_login(reader)
    page = client.get(reverse("audience_feed")).content.decode()
    assert "Authors to follow" in page and "Hana Okafor" in page
    assert "Channels to follow" in page and "Food" in page


def test_the_feed_takes_the_same_queries_whatever_one_follows(client, reader, channel):
    client.force_login(reader)
    authors = [UserFactory() for _ in range(12)]
    for writer in authors:
        make_hub(channel, writer, title=f"By {writer.pk}")

    def queries() -> int:
        client.get(reverse("audience_feed"))  # warm the channel bar and the session
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("audience_feed")).status_code == 200
        return len(captured)

    services.follow_author(reader, authors[0].pk)
    one = queries()
    for writer in authors[1:]:
        services.follow_author(reader, writer.pk)
    for slug in ("travel", "food", "arts"):
        services.follow_channel(reader, ChannelPage.objects.get(slug=slug).pk)
    assert queries() == one


def test_a_kept_card_in_the_feed_changes_with_its_hub_and_its_author(
    client, reader, author, channel
):
    hub = make_hub(channel, author, title="First title")
    services.follow_author(reader, author.pk)
    client.force_login(reader)
    assert "First title" in client.get(reverse("audience_feed")).content.decode()
    hub.title = "Second title"
    hub.save_revision(user=author).publish()
    page = client.get(reverse("audience_feed")).content.decode()
    assert "Second title" in page and "First title" not in page
    profile = author.author_profile
    profile.display_name = "H. Okafor"
    profile.save()
    assert "H. Okafor" in client.get(reverse("audience_feed")).content.decode()
