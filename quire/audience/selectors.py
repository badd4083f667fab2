"""What the audience app reads: who follows whom, the following feed, counts."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count

from quire.articles.selectors import channel_bar, hubs_followed, with_channels
from quire.authors.models import AuthorProfile
from quire.pagecache import memo
from quire.pagecache import tags as tag
from quire.pagecache.fragments import FragmentSpec

from .models import Follow, Newsletter, NewsletterDelivery, Notification, Reaction


def follower_count(author_id: int) -> int:
    return memo(
        f"followers:{author_id}",
        (tag.audience(author_id),),
        Follow.objects.filter(author_id=author_id, follower__is_active=True).count,
    )


def reaction_count(hub_id: int) -> int:
    return Reaction.objects.filter(hub_id=hub_id).count()


def reaction_counts(hub_ids) -> dict[int, int]:
    rows = (
        Reaction.objects.filter(hub_id__in=hub_ids)
        .values("hub_id")
        .annotate(n=Count("pk"))
        .values_list("hub_id", "n")
    )
    return dict(rows)


@dataclass
class FollowState:
    authors: set[int]
    channels: set[int]
    helpful: set[int]


def follow_state(user, author_ids, channel_ids, hub_ids) -> FollowState:
    """Which of these a signed-in reader follows or found helpful: three small queries."""
    if not user.is_authenticated:
        return FollowState(set(), set(), set())
    mine = Follow.objects.filter(follower=user)
    return FollowState(
        authors=set(mine.filter(author_id__in=author_ids).values_list("author_id", flat=True))
        if author_ids
        else set(),
        channels=set(mine.filter(channel_id__in=channel_ids).values_list("channel_id", flat=True))
        if channel_ids
        else set(),
        helpful=set(
            Reaction.objects.filter(user=user, hub_id__in=hub_ids).values_list("hub_id", flat=True)
        )
        if hub_ids
        else set(),
    )


@dataclass
class FeedPage:
    hubs: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def cards(self) -> list[tuple]:
        """Each hub with the fragment its card is kept under: a card is the same for every
        reader, so a feed page renders only the cards it has not kept already."""
        return [
            (
                hub,
                FragmentSpec(
                    f"feed-card:{hub.pk}:{hub.live_revision_id}", (tag.page(hub.pk), tag.AUTHORS)
                ),
            )
            for hub in self.hubs
        ]


def _followed_channels(user) -> set[int]:
    return set(
        Follow.objects.filter(follower=user, channel__isnull=False).values_list(
            "channel_id", flat=True
        )
    )


def following_feed(user, number: int) -> FeedPage:
    """One page of the following feed: a fixed number of queries whatever one follows (the
    followed channels from the channel bar's memo, the authors as a subquery)."""
    per_page = settings.QUIRE_HUBS_PER_PAGE
    followed = _followed_channels(user)
    channels = [c for c in channel_bar() if c.id in followed]
    authors = Follow.objects.filter(follower=user, author__isnull=False).values("author_id")
    start = (number - 1) * per_page
    hubs = list(hubs_followed(authors, channels)[start : start + per_page + 1])
    return FeedPage(with_channels(hubs[:per_page]), number, len(hubs) > per_page)


def follows_of(user):
    """Everything a reader follows, for their preferences page: authors then channels."""
    return (
        Follow.objects.filter(follower=user)
        .select_related("author__author_profile", "channel")
        .order_by("channel_id", "-created_at")
    )


def followers_of(author):
    """An author's followers, newest first, with their names (as HubPages showed fans)."""
    return (
        Follow.objects.filter(author=author, follower__is_active=True)
        .select_related("follower__author_profile")
        .order_by("-created_at", "-pk")
    )


def suggested_authors(user, limit: int = 6) -> list[AuthorProfile]:
    """Authors to follow for a reader whose feed is empty: those most followed, then those
    with most hubs, leaving out the reader and whom they follow."""
    mine = Follow.objects.filter(follower=user, author__isnull=False).values("author_id")
    return list(
        AuthorProfile.objects.filter(user__is_active=True, user__owned_pages__live=True)
        .exclude(user=user)
        .exclude(user_id__in=mine)
        .annotate(
            fans=Count("user__followers", distinct=True),
            hubs=Count("user__owned_pages", distinct=True),
        )
        .order_by("-fans", "-hubs", "display_name")[:limit]
    )


def suggested_channels(user, limit: int = 8) -> list:
    followed = _followed_channels(user)
    return [c for c in channel_bar() if c.id not in followed and not c.is_site_channel][:limit]


def user_by_pk(pk: int):
    return get_user_model().objects.filter(pk=pk).first()


def newsletters_of(author_id: int):
    return Newsletter.objects.filter(author_id=author_id).order_by("-created_at")


def newsletter_subscribers(author) -> int:
    return Follow.objects.filter(author=author, newsletter=True, follower__is_active=True).count()


def newsletter_sent_counts(newsletter_ids) -> dict[int, int]:
    rows = (
        NewsletterDelivery.objects.filter(newsletter_id__in=newsletter_ids, sent_at__isnull=False)
        .values("newsletter_id")
        .annotate(n=Count("pk"))
        .values_list("newsletter_id", "n")
    )
    return dict(rows)


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_of(user):
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")
