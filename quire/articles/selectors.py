"""Reads of the page tree for reader pages, shaped so each page costs a fixed, small number
of queries whatever it lists."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from wagtail.images import get_image_model
from wagtail.models import Page

from quire.pagecache import layout_memo

# Rendition of a lead image in hub listings (the {% image %} tag's filters, "|"-joined).
CARD_IMAGE_FILTER = "fill-640x400|format-webp"
STEPLEN = Page.steplen
CHANNEL_DEPTH = 3


@dataclass(frozen=True)
class ChannelEntry:
    id: int
    title: str
    slug: str
    url: str
    path: str
    description: str
    is_site_channel: bool
    ad_free: bool = False


def channel_bar() -> list[ChannelEntry]:
    """The live channels in tree order: one query, kept in each process until the layout
    changes anywhere (quire/pagecache: any change to a channel or the home page bumps it).
    """

    return layout_memo("channel-bar", _channel_bar)


def _channel_bar() -> list[ChannelEntry]:
    from .models import ChannelPage

    return [
        ChannelEntry(
            id=channel.pk,
            title=channel.title,
            slug=channel.slug,
            url=channel.get_url() or "",
            path=channel.path,
            description=channel.description,
            is_site_channel=channel.is_site_channel,
            ad_free=channel.ad_free,
        )
        for channel in ChannelPage.objects.live().order_by("path")
    ]


def site_has_view_restrictions() -> bool:
    """Whether any page is private or password-protected (kept until the layout changes)."""
    from wagtail.models import PageViewRestriction

    return layout_memo("view-restrictions", PageViewRestriction.objects.exists)


def channel_for_path(path: str | None, channels: list[ChannelEntry] | None = None):
    """The channel a page at ``path`` sits in (its ancestor at channel depth), if any."""
    if not path or len(path) < STEPLEN * CHANNEL_DEPTH:
        return None
    prefix = path[: STEPLEN * CHANNEL_DEPTH]
    for entry in channels if channels is not None else channel_bar():
        if entry.path == prefix:
            return entry
    return None


def _published_hubs() -> QuerySet:
    from .models import ArticlePage

    images = get_image_model().objects.prefetch_renditions(CARD_IMAGE_FILTER)
    return (
        ArticlePage.objects.live()
        .select_related("owner__author_profile")
        .prefetch_related(Prefetch("lead_image", queryset=images))
        .defer("body")
    )


def featured_hubs() -> QuerySet:
    """Published hubs an editor has featured: the only ones the home page, the feeds, the
    sitemap and "related hubs" list."""
    return _published_hubs().filter(featured=True)


def with_channels(hubs):
    """Attach each hub's channel entry as ``hub.channel`` without a query per hub."""
    channels = channel_bar()
    hubs = list(hubs)
    for hub in hubs:
        hub.channel = channel_for_path(hub.path, channels)
    return hubs


def latest_hubs(limit: int = 10) -> list:
    """The newest featured hubs."""
    return with_channels(featured_hubs().order_by("-first_published_at", "-pk")[:limit])


def _children(queryset: QuerySet, parent: Page | ChannelEntry) -> QuerySet:
    """Like ``child_of``, as a path range: SQLite cannot use an index for Wagtail's
    ``path LIKE 'prefix%'``, and a range is as exact for fixed-length path steps."""
    first, last = "0" * STEPLEN, Page.alphabet[-1] * STEPLEN
    return queryset.filter(
        path__range=(parent.path + first, parent.path + last),
        depth=len(parent.path) // STEPLEN + 1,
    )


def hubs_in_channel(channel: Page) -> QuerySet:
    return _children(_published_hubs(), channel).order_by("-first_published_at", "-pk")


def hubs_by_author(user) -> QuerySet:
    return _published_hubs().filter(owner=user).order_by("-first_published_at", "-pk")


def hubs_followed(author_ids, channels) -> QuerySet:
    """What a reader who follows these authors and channels reads next: every live hub of
    the authors (featured or not: the reader chose them) and the featured hubs of the
    channels (their editorial rule), newest first. ``author_ids`` may be a subquery."""
    first, last = "0" * STEPLEN, Page.alphabet[-1] * STEPLEN
    wanted = Q(owner_id__in=author_ids)
    for channel in channels:
        wanted |= Q(
            featured=True,
            path__range=(channel.path + first, channel.path + last),
            depth=len(channel.path) // STEPLEN + 1,
        )
    return _published_hubs().filter(wanted).order_by("-first_published_at", "-pk")


def related_hubs(hub, limit: int = 4) -> list:
    """Featured hubs from the hub's own channel, newest first, the hub itself left out."""
    channel = channel_for_path(hub.path)
    if channel is None:
        return []
    hubs = (
        _children(featured_hubs(), channel)
        .exclude(pk=hub.pk)
        .order_by("-first_published_at", "-pk")[:limit]
    )
    hubs = list(hubs)
    for related in hubs:
        related.channel = channel
    return hubs


def channel_sections(per_channel: int = 3) -> list[tuple[ChannelEntry, list]]:
    """The newest ``per_channel`` featured hubs of every channel.

    One query over the newest hubs site-wide (an index on first_published_at) fills most
    channels; only a channel that has published nothing lately costs a query of its own.
    """
    channels = channel_bar()
    newest = featured_hubs().order_by("-first_published_at", "-pk")
    by_path: dict[str, list] = {entry.path: [] for entry in channels}
    for hub in newest[: per_channel * len(channels) * 8]:
        hubs = by_path.get(hub.path[: STEPLEN * CHANNEL_DEPTH])
        if hubs is not None and len(hubs) < per_channel:
            hubs.append(hub)
    sections = []
    for entry in channels:
        hubs = by_path[entry.path]
        if len(hubs) < per_channel:
            hubs = list(_children(newest, entry)[:per_channel])
        for hub in hubs:
            hub.channel = entry
        sections.append((entry, hubs))
    return sections
