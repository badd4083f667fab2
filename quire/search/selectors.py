"""Searching hubs: one code path for SQLite FTS5, PostgreSQL and OpenSearch/Elasticsearch."""

import regex
from django.core.cache import cache
from django.db.models import QuerySet

from quire.articles.selectors import channel_bar, channel_for_path

from .text import WORD, expand, fold, terms

VOCABULARY_KEY = "search:vocabulary:v1"


# Relevance order ranks at most this many candidates; more are rarely read.
CANDIDATES = 500


def search_hubs(query: str, *, channel=None, author=None, newest_first: bool = False):
    """Published hubs matching the query: newest first (a lazy, paginated search), or best
    first: the search backend's ranking, with hubs whose title holds more of the words
    moved ahead (a title hit beats a body hit on every backend)."""
    from quire.articles.models import ArticlePage

    hubs: QuerySet = ArticlePage.objects.live().public().defer("body")
    if channel is not None:
        hubs = hubs.descendant_of(channel)
    if author is not None:
        hubs = hubs.filter(owner=author)
    if newest_first:
        hubs = hubs.order_by("-first_published_at")
    # Any word matches; hubs with more of the words rank first.
    results = hubs.search(expand(query), operator="or", order_by_relevance=not newest_first)
    if newest_first:
        return results
    candidates = list(results[:CANDIDATES])
    words = [regex.compile(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(w)}") for w in terms(query)]

    def title_hits(hub) -> int:
        title = fold(hub.title)
        return sum(1 for word in words if word.search(title))

    candidates.sort(key=title_hits, reverse=True)  # stable: the backend's order within ties
    return candidates


def decorate(hubs) -> list:
    """Attach channel and author profile to a page of results, in one query."""
    from quire.articles.models import ArticlePage
    from quire.authors.models import AuthorProfile

    hubs = list(hubs)
    bodies = dict(ArticlePage.objects.filter(pk__in=[h.pk for h in hubs]).values_list("pk", "body"))
    profiles = AuthorProfile.objects.in_bulk(
        [h.owner_id for h in hubs if h.owner_id], field_name="user_id"
    )
    channels = channel_bar()
    for hub in hubs:
        hub.channel = channel_for_path(hub.path, channels)
        hub.profile = profiles.get(hub.owner_id)
        body = bodies.get(hub.pk)
        hub.body_text = (
            " ".join(ArticlePage.body.field.stream_block.get_searchable_content(body))
            if body is not None
            else ""
        )
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
