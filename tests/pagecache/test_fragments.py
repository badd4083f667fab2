"""A hub the page cache cannot serve (a signed-in reader, an unknown parameter, the first
request after a change) costs a fixed, small number of queries, and the parts kept
rendered between requests change as soon as what they show changes."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quire.articles.models import ChannelPage
from quire.comments.models import Comment
from quire.comments.text import fingerprint
from quire.pagecache import bump
from quire.pagecache import tags as tag
from tests.factories import UserFactory, make_hub, make_image, text_block

# The site and its home page, the channel bar, whether any page is restricted, the ad slots,
# the consent settings and services.
LAYOUT_READS = 7
UNCACHED = "?from=newsletter"  # a parameter no page knows: the page cache is passed by


def comment(hub, user, text, **fields):
    return Comment.objects.create(
        hub=hub,
        user=user,
        text=text,
        text_hash=fingerprint(text),
        created_at=timezone.now(),
        status=Comment.Status.PUBLISHED,
        **fields,
    )


SEEN: list[list[str]] = []


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    assert "X-Quire-Cache" not in response
    SEEN.append([q["sql"][:120] for q in ctx.captured_queries])
    return len(ctx.captured_queries)


def build_hub(channel, author, capsules: int, comments: int):
    body = [
        text_block(f"Paragraph {i} about starters and patience.", f"Part {i}")
        for i in range(capsules)
    ]
    hub = make_hub(
        channel,
        author,
        title=f"A hub of {capsules} capsules",
        body=body,
        lead_image=make_image(),
        lead_image_alt="Loaves cooling",
    )
    people = [UserFactory() for _ in range(5)]
    for i in range(comments):
        top = comment(hub, people[i % 5], f"Comment number {i}")
        if i % 3 == 0:
            comment(hub, author, f"Thanks for number {i}", parent=top)
    return hub


@pytest.mark.parametrize("reader_kind", ["anonymous", "signed-in"])
def test_an_uncached_hub_takes_a_fixed_number_of_queries(channel, author, reader_kind):
    small = build_hub(channel, author, capsules=2, comments=1)
    large = build_hub(channel, author, capsules=30, comments=100)
    for other in ChannelPage.objects.exclude(pk=channel.pk)[:3]:
        make_hub(other, author, title=f"Elsewhere in {other.title}")
    client = Client()
    if reader_kind == "signed-in":
        client.force_login(UserFactory())
    # First views: templates compiled, the pictures' renditions made once and for all.
    client.get(small.url + UNCACHED)
    client.get(large.url + UNCACHED)
    counts = []
    for hub in (small, large):
        # Nothing of the hub kept: every part of it rendered from the database.
        bump(*tag.listed_page(hub.pk, hub.path, hub.owner_id), tag.AUTHORS)
        counts.append(queries(client, hub.url + UNCACHED))
    assert counts[0] == counts[1] <= 12, SEEN[-2:]
    # After a change to what every page shows (a channel renamed, a consent service
    # changed), the few reads all pages share are made again once: the site, the channel
    # bar, the consent registry, the ad slots.
    bump(tag.LAYOUT)
    assert queries(client, large.url + UNCACHED) <= counts[1] + LAYOUT_READS, "\n".join(SEEN[-1])
    # Kept parts make the next one cheaper still, and the page is the same.
    cold = client.get(large.url + UNCACHED).content
    warm_count = queries(client, large.url + UNCACHED)
    assert warm_count < counts[1]
    if reader_kind == "anonymous":  # (a signed-in page has a fresh CSRF token each time)
        assert client.get(large.url + UNCACHED).content == cold


def test_a_new_comment_shows_on_an_uncached_page_at_once(hub, reader):
    client = Client()
    client.get(hub.url + UNCACHED)
    comment(hub, reader, "Fresh from the oven")
    assert "Fresh from the oven" in client.get(hub.url + UNCACHED).content.decode()


def test_a_commenters_new_name_shows_on_every_hub_they_commented_on(hub, reader):
    comment(hub, reader, "Lovely crumb")
    client = Client()
    assert "Ravi Menon" in client.get(hub.url).content.decode()
    assert "Ravi Menon" in client.get(hub.url + UNCACHED).content.decode()
    profile = reader.author_profile
    profile.display_name = "Ravi the Reader"
    profile.save()
    for url in (hub.url, hub.url + UNCACHED):
        html = client.get(url).content.decode()
        assert "Ravi the Reader" in html and "Ravi Menon" not in html, url


def test_a_renamed_author_shows_on_the_channel_and_related_hubs(channel, author, editor):
    from quire.editorial.services import hub_feature

    first = make_hub(channel, author, title="First loaf")
    second = make_hub(channel, author, title="Second loaf")
    hub_feature(first, editor, featured=True)
    client = Client()
    assert "Hana Okafor" in client.get(second.url).content.decode()
    client.get(channel.url)
    profile = author.author_profile
    profile.display_name = "Hana the Baker"
    profile.save()
    for url in (channel.url, second.url, second.url + UNCACHED):
        html = client.get(url).content.decode()
        assert "Hana Okafor" not in html, url


def test_comment_times_are_refreshed_by_the_page(hub, reader):
    comment(hub, reader, "Timely")
    html = Client().get(hub.url).content.decode()
    assert "<time data-relative datetime=" in html
    assert "/static/comments/times.js" in html
