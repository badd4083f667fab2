"""Searching hubs: one code path for SQLite FTS5, PostgreSQL and OpenSearch/Elasticsearch."""

from django.core.cache import cache
from django.db.models import QuerySet

from quire.articles.selectors import channel_bar, channel_for_path

from .text import WORD, expand, fold

VOCABULARY_KEY = "search:vocabulary:v1"


def search_hubs(query: str, *, channel=None, author=None, newest_first: bool = False):
    """Published hubs matching the query, best first (or newest first)."""
    from quire.articles.models import ArticlePage

    hubs: QuerySet = ArticlePage.objects.live().public()
    if channel is not None:
        hubs = hubs.filter(path__startswith=channel.path, depth=len(channel.path) // 4 + 1)
    if author is not None:
        hubs = hubs.filter(owner=author)
    if newest_first:
        hubs = hubs.order_by("-first_published_at")
    # Any word matches; hubs with more of the words (and in the title) rank first.
    return hubs.search(expand(query), operator="or", order_by_relevance=not newest_first)


def decorate(hubs) -> list:
    """Attach channel and author profile to a page of results, in one query."""
    from quire.authors.models import AuthorProfile

    hubs = list(hubs)
    profiles = AuthorProfile.objects.in_bulk(
        [h.owner_id for h in hubs if h.owner_id], field_name="user_id"
    )
    channels = channel_bar()
    for hub in hubs:
        hub.channel = channel_for_path(hub.path, channels)
        hub.profile = profiles.get(hub.owner_id)
    return hubs


def vocabulary() -> set[str]:
    """Every word of every published hub's title, folded; cached for an hour."""
    words = cache.get(VOCABULARY_KEY)
    if words is None:
        from quire.articles.models import ArticlePage

        words = set()
        for title in ArticlePage.objects.live().values_list("title", flat=True).iterator():
            words.update(fold(w) for w in WORD.findall(title) if len(w) > 2)
        cache.set(VOCABULARY_KEY, words, 3600)
    return words
