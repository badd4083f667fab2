"""The names cached pages and memos are filed under: built here and nowhere else.

Everything that files a page (``cacheable``, ``memo``, fragments) or refreshes one
(``bump``) names its tags with these, so a tag has one spelling and one meaning:

``page(pk)``      one page (a hub, an information page) and its comments
``channel(path)`` a channel: its listings, its feeds, the related hubs on its hubs
``author(id)``    an author's profile, feeds and the byline on their hubs
``HUBS``          site-wide lists of hubs: the home page, the site's feeds, sitemaps
``AUTHORS``       the sitemap's profiles, and authors' names on hub cards
``LAYOUT``        what every page shows: channel bar, settings, consent, ad slots
``audience(id)``  an author's followers count and newsletters, on their profile

What each change refreshes is decided in one table above every feature
(``quire/site/refresh.py``).
"""

from __future__ import annotations

LAYOUT = "layout"
HUBS = "hubs"
AUTHORS = "authors"

# A channel sits at depth 3 (root → home → channel), so its path is three steps of
# Wagtail's tree long (``Page.steplen``, checked by tests/pagecache/test_tags.py); read
# without importing Wagtail's models, which this module is imported before.
PAGE_STEPLEN = 4
CHANNEL_PATH_LENGTH = PAGE_STEPLEN * 3


def page(pk: int) -> str:
    return f"page:{int(pk)}"


def author(user_id: int) -> str:
    return f"author:{int(user_id)}"


def audience(user_id: int) -> str:
    return f"audience:{int(user_id)}"


def channel(path: str | None) -> str | None:
    """The tag of the channel a page at ``path`` sits in (or is); None above the channels."""
    if not path or len(path) < CHANNEL_PATH_LENGTH:
        return None
    return f"channel:{path[:CHANNEL_PATH_LENGTH]}"


def listed_page(pk: int, path: str | None, owner_id: int | None) -> list[str]:
    """What shows a page that is listed (a hub): itself, its channel's lists, its author's,
    the site's."""
    tags = [page(pk), HUBS]
    if channel_tag := channel(path):
        tags.append(channel_tag)
    if owner_id:
        tags.append(author(owner_id))
    return tags


def profile(user_id: int) -> list[str]:
    """What shows an author's name and picture: their profile, every listing's cards."""
    return [author(user_id), AUTHORS, HUBS]
