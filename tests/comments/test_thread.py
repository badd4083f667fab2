import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from quire.comments.models import Comment
from quire.comments.text import fingerprint
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def add(hub, user, text, *, at=None, parent=None, status=Comment.Status.PUBLISHED, **fields):
    return Comment.objects.create(
        hub=hub,
        user=user,
        text=text,
        text_hash=fingerprint(text),
        created_at=at or timezone.now(),
        parent=parent,
        status=status,
        **fields,
    )


def comment_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<article class="comment[^"]*" id="comment-(\d+)"', html)]


def test_newest_first_with_replies_oldest_first_under_their_comment(hub, reader, author):
    now = timezone.now()
    old = add(hub, reader, "Old", at=now - timedelta(days=3))
    new = add(hub, reader, "New", at=now - timedelta(days=1))
    r2 = add(hub, author, "Second reply", at=now - timedelta(hours=1), parent=old)
    r1 = add(hub, author, "First reply", at=now - timedelta(days=2), parent=old)
    html = Client().get(hub.url).content.decode()
    assert comment_ids(html) == [new.pk, old.pk, r1.pk, r2.pk]
    assert '<span class="comment-total">4</span>' in html


def test_each_comment_shows_avatar_name_badge_time_and_location(hub, reader, author):
    with time_machine.travel(timezone.now() - timedelta(days=245), tick=False):
        add(hub, reader, "First paragraph.\n\nSecond paragraph.")
    with time_machine.travel(timezone.now() - timedelta(days=365 * 2 + 20), tick=False):
        add(hub, author, "From the author")
    with time_machine.travel(timezone.now(), tick=False):
        html = Client().get(hub.url).content.decode()
    reader_block = html[html.index("First paragraph") - 2500 : html.index("First paragraph")]
    assert 'class="avatar avatar-40"' in reader_block
    assert f'href="{reader.author_profile.get_absolute_url()}">Ravi Menon</a>' in reader_block
    assert "8 months ago</time>" in reader_block and "from Pune, India" in reader_block
    assert "badge-author" not in reader_block
    assert "<p>First paragraph.</p><p>Second paragraph.</p>" in html
    author_block = html[html.index("From the author") - 2500 : html.index("From the author")]
    assert '<span class="badge badge-author">Author</span>' in author_block
    assert "2 years ago</time>" in author_block
    time_tag = r'<time data-relative datetime="\d{4}-\d\d-\d\dT[^"]+" title="[^"]+">'
    assert re.search(time_tag, author_block)


def test_just_now_with_a_frozen_clock(hub, reader):
    with time_machine.travel("2026-03-01 12:00:00+00:00", tick=False):
        add(hub, reader, "Fresh")
        html = Client().get(hub.url).content.decode()
    assert '<time data-relative datetime="2026-03-01T12:00:00+00:00"' in html
    assert "just now</time>" in html


def test_comments_are_paginated_with_older_comments_link(hub, reader, settings):
    settings.QUIRE_COMMENTS_PER_PAGE = 3
    base = timezone.now()
    made = [add(hub, reader, f"Comment {i}", at=base - timedelta(minutes=i)) for i in range(7)]
    client = Client()
    first = client.get(hub.url).content.decode()
    assert comment_ids(first) == [c.pk for c in made[:3]]
    assert 'href="?comments=2#comments">Older comments' in first
    assert '<span class="comment-total">7</span>' in first
    last = client.get(hub.url + "?comments=3").content.decode()
    assert comment_ids(last) == [made[6].pk]
    assert "Newer comments" in last and "Older comments" not in last
    assert client.get(hub.url + "?comments=abc").status_code == 200


def test_held_spam_and_rejected_comments_are_hidden_from_others(hub, reader):
    for status in (Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.REJECTED):
        add(hub, reader, f"Status {status}", status=status)
    html = Client().get(hub.url).content.decode()
    assert "Status " not in html
    assert '<span class="comment-total">0</span>' in html


def test_a_deleted_comment_with_replies_leaves_a_placeholder(hub, reader, author):
    parent = add(hub, reader, "Gone soon", deleted_at=timezone.now())
    add(hub, author, "Answer stays", parent=parent)
    lonely = add(hub, reader, "Also gone", deleted_at=timezone.now())
    html = Client().get(hub.url).content.decode()
    assert "This comment was deleted by its writer." in html and "Answer stays" in html
    assert "Gone soon" not in html and f'id="comment-{lonely.pk}"' not in html


def test_first_page_of_1000_comments_takes_a_fixed_number_of_queries(
    hub, reader, author, django_assert_num_queries, settings
):
    settings.QUIRE_PAGE_CACHE = False  # the cost of rendering, not of a cache hit
    client = Client()

    def queries_for_page() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(hub.url).status_code == 200
        return len(ctx.captured_queries)

    add(hub, author, "Reply", parent=add(hub, reader, "One"))
    queries_for_page()  # warm the caches (site, channel bar)
    small = queries_for_page()
    people = [UserFactory() for _ in range(20)]
    now = timezone.now()
    rows = []
    for i in range(1000):
        rows.append(
            Comment(
                hub=hub,
                user=people[i % 20],
                text=f"Comment number {i}",
                text_hash=str(i),
                status=Comment.Status.PUBLISHED,
                created_at=now - timedelta(minutes=i),
            )
        )
    tops = Comment.objects.bulk_create(rows)
    Comment.objects.bulk_create(
        [
            Comment(
                hub=hub,
                user=author,
                text="Thanks",
                text_hash="t",
                parent=top,
                status=Comment.Status.PUBLISHED,
                created_at=now,
            )
            for top in tops[:100]
        ]
    )
    assert queries_for_page() == small
    with django_assert_num_queries(small):
        client.get(hub.url + "?comments=5")
