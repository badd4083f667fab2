"""The tags of each kind of page (see the package's docstring)."""

from wagtail.models import Page

# A channel sits at depth 3 (root → home → channel), so its path is three steps long.
CHANNEL_PATH_LENGTH = Page.steplen * 3


def channel_tag(path: str) -> str | None:
    if len(path) < CHANNEL_PATH_LENGTH:
        return None
    return f"tree:{path[:CHANNEL_PATH_LENGTH]}"


def hub_tags(hub) -> list[str]:
    """What shows a hub: itself, its channel's lists, its author's, the site's."""
    tags = [f"page:{hub.pk}", "hubs"]
    channel = channel_tag(hub.path or "")
    if channel:
        tags.append(channel)
    if hub.owner_id:
        tags.append(f"author:{hub.owner_id}")
    return tags


def page_tags(page) -> list[str]:
    """The tags a change to ``page`` refreshes."""
    from quire.articles.models import ArticlePage

    if isinstance(page, ArticlePage) or page.specific_class is ArticlePage:
        return hub_tags(page)
    # A channel, the home page or an information page: the channel bar, the footer and
    # the home page are on every page.
    return [f"page:{page.pk}", "layout"]


def profile_tags(user_id: int) -> list[str]:
    return [f"author:{user_id}", "authors", "hubs"]
