"""Finding the page for a reader's URL in one query.

Wagtail walks the tree from the site's root a query per level (home → channel → hub, then
the hub's own row). Quire's tree is fixed (channels under the home page, hubs under the
channels), and the live channels are already in memory (the channel bar), so a hub is one
query: the hub with its author and lead image, kept in the process until it changes.
Anything else (an information page, an unknown path) is left to Wagtail's walk.
"""

from __future__ import annotations

from django.http import Http404
from wagtail.url_routing import RouteResult

from quire.pagecache import Memo
from quire.pagecache import tags as tag

from .selectors import CHANNEL_DEPTH, channel_bar

# A hub found by its URL, kept per process until it, its channel (a move, a new hub taking
# a slug) or its author (the byline's profile) changes.
_hubs = Memo(size=256)


def _hub_tags(hub) -> list[str] | None:
    if hub is None:
        return None  # not found: a 404, looked up again next time
    return [tag.page(hub.pk), tag.channel(hub.path), tag.author(hub.owner_id)]


def hub_queryset():
    from .models import ArticlePage

    return ArticlePage.objects.live().select_related("owner__author_profile", "lead_image")


def route_below_home(home, components: list[str]) -> RouteResult | None:
    if not 1 <= len(components) <= 2:
        return None
    channel = next(
        (c for c in channel_bar() if c.slug == components[0] and c.path.startswith(home.path)),
        None,
    )
    if channel is None:
        return None
    if len(components) == 1:
        from .models import ChannelPage

        page = ChannelPage.objects.live().filter(pk=channel.id).first()
    else:
        page = _hubs.get(
            (channel.path, components[1]),
            lambda: (
                hub_queryset()
                .filter(depth=CHANNEL_DEPTH + 1, path__startswith=channel.path, slug=components[1])
                .first()
            ),
            _hub_tags,
        )
    if page is None:
        raise Http404
    return RouteResult(page)
