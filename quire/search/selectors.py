"""Searching hubs: one code path for SQLite FTS5, PostgreSQL and OpenSearch/Elasticsearch."""

from collections.abc import Sequence
from dataclasses import dataclass

import regex
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet

from quire.articles.models import ArticlePage
from quire.articles.selectors import channel_bar, channel_for_path, site_has_view_restrictions
from quire.authors.models import AuthorProfile
from quire.pagecache import tags as tag
from quire.pagecache.store import page_store

from . import ranking
from .text import WORD, Vocabulary, expand, fold, terms, word_groups

VOCABULARY_KEY = "search:vocabulary:v2"


# Relevance order ranks at most this many candidates; more are rarely read.
CANDIDATES = 500
PAGE_SIZE = 20


def search_hubs(query: str, *, channel=None, author=None, newest_first: bool = False):
    """Published hubs matching the query: newest first (a lazy, paginated search), or best
    first: the search backend's ranking, with hubs whose title holds more of the words
    moved ahead (a title hit beats a body hit on every backend)."""

    hubs: QuerySet = ArticlePage.objects.live().public().defer("body")
    if ranking.supported():
        # Hubs with every word first (cheap for the index even for common words); the
        # hubs with only some of them follow when the first are too few to fill a page.
        options = {
            "channel_path": channel.path if channel is not None else None,
            "owner_id": author.pk if author is not None else None,
            "newest_first": newest_first,
            "limit": CANDIDATES,
        }
        groups = word_groups(query)
        ids = ranking.ranked_ids(groups, match_all=True, **options)
        if len(ids) < PAGE_SIZE and len(groups) > 1:
            seen = set(ids)
            ids += [i for i in ranking.ranked_ids(groups, **options) if i not in seen]
            ids = ids[:CANDIDATES]
        # Titles only, for the title-first order; whole hubs only for the page shown.
        if site_has_view_restrictions():  # hubs behind a password or sign-in left out
            titles = dict(hubs.filter(pk__in=ids).values_list("pk", "title"))
        else:
            titles = ranking.titles(ids)
        ranked = [_Hit(pk, titles[pk]) for pk in ids if pk in titles]
        return HubResults(_titles_first(ranked, query, newest_first), hubs)
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
    return _titles_first(list(results[:CANDIDATES]), query, newest_first)


@dataclass(frozen=True)
class _Hit:
    pk: int
    title: str


class HubResults(Sequence):
    """Ranked hits that load whole hubs only for the slice asked (a page of results)."""

    def __init__(self, hits: list[_Hit], queryset: QuerySet):
        self.hits = hits
        self.queryset = queryset

    def __len__(self) -> int:
        return len(self.hits)

    def __getitem__(self, index):
        if isinstance(index, slice):
            ids = [hit.pk for hit in self.hits[index]]
            found = self.queryset.in_bulk(ids)
            return [found[pk] for pk in ids if pk in found]
        return self[index : index + 1][0]

    def count(self) -> int:
        return len(self.hits)


def _titles_first(candidates: list, query: str, newest_first: bool) -> list:
    """Move hubs whose title holds more of the words ahead, keeping the backend's order
    among equals (a title hit beats a body hit whatever the backend)."""
    if newest_first:
        return candidates
    words = [regex.compile(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(w)}") for w in terms(query)]

    def title_hits(hub) -> int:
        title = fold(hub.title)
        return sum(1 for word in words if word.search(title))

    candidates.sort(key=title_hits, reverse=True)
    return candidates


def decorate(hubs) -> list:
    """Attach channel, author profile and plain text to a page of results, without a
    query per hub."""

    hubs = list(hubs)
    texts = _indexed_texts([h.pk for h in hubs])
    missing = [h.pk for h in hubs if h.pk not in texts]
    if missing:  # not in a database index (a search server): read the bodies, one query
        stream = ArticlePage.body.field.stream_block
        for pk, body in ArticlePage.objects.filter(pk__in=missing).values_list("pk", "body"):
            texts[pk] = " ".join(stream.get_searchable_content(body)) if body else ""
    profiles = AuthorProfile.objects.in_bulk(
        [h.owner_id for h in hubs if h.owner_id], field_name="user_id"
    )
    channels = channel_bar()
    for hub in hubs:
        hub.channel = channel_for_path(hub.path, channels)
        hub.profile = profiles.get(hub.owner_id)
        hub.body_text = texts.get(hub.pk, "")
    return hubs


def _indexed_texts(ids: list[int]) -> dict[int, str]:
    """The plain text the database search index already holds for these hubs (summary,
    capsules, author), for snippets, without parsing their bodies again."""
    if not ranking.supported() or not ids:
        return {}
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.models import IndexEntry

    field = "body_text" if hasattr(IndexEntry, "body_text") else "body"
    rows = IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ArticlePage),
        object_id__in=[str(i) for i in ids],
    ).values_list("object_id", field)
    return {int(object_id): text or "" for object_id, text in rows}


# The tags whose bump can take a word out of the vocabulary: "hubs" moves when a hub is
# published (perhaps retitled), unpublished, moved or deleted, "layout" when a page gets
# a password or a sign-in restriction (quire/site/refresh.py).
VOCABULARY_TAGS = (tag.LAYOUT, tag.HUBS)
_vocabulary: tuple[tuple, Vocabulary] | None = None


def vocabulary() -> Vocabulary:
    """Every word of every published hub's title, folded, for spelling suggestions: kept in
    the shared cache and in each process (with its index) until a hub changes anywhere,
    so a hub that leaves the public takes its words away at once, on every worker and host.
    Without the page cache (nothing then tells a change), read for every use."""
    global _vocabulary
    generations = _generations()
    if generations is None:
        return Vocabulary(_title_words())
    if _vocabulary is not None and generations.current(_vocabulary[0]):
        return _vocabulary[1]
    # The words, with the counters they were read at: the same values on every host of a
    # site (quire/pagecache/generations.py), so any process may use them while they hold.
    shared = cache.get(VOCABULARY_KEY)
    if shared is not None and generations.current(shared[0]):
        snapshot, words = shared
    else:
        words, snapshot = generations.computed(_title_words, lambda words: VOCABULARY_TAGS)
        if snapshot is None:  # a hub changed while the titles were read: not kept
            return Vocabulary(words)
        cache.set(VOCABULARY_KEY, (snapshot, words), 3600)
    _vocabulary = (snapshot, Vocabulary(words))
    return _vocabulary[1]


def _generations():
    """The page cache's change counters, when they can be trusted to tell every change."""
    from django.conf import settings

    if not settings.QUIRE_PAGE_CACHE:
        return None
    generations = page_store().generations
    return generations if generations.healthy else None


def _title_words() -> set[str]:
    # Split on spaces first (cheap), then fold and find words among the distinct pieces
    # only: 100,000 titles in ~0.2 s instead of ~0.7 s.
    pieces = set()
    for title in _public_titles():
        pieces.update(title.split())
    return {w for w in WORD.findall(fold(" ".join(pieces))) if len(w) > 2}


def _public_titles():
    """The titles of the hubs any reader may open."""

    hubs = ArticlePage.objects.live()
    if site_has_view_restrictions():
        yield from hubs.public().values_list("title", flat=True).iterator()
        return
    content_type = ContentType.objects.get_for_model(ArticlePage).pk
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT title FROM wagtailcore_page WHERE live AND content_type_id = %s",
            [content_type],
        )
        while rows := cursor.fetchmany(2000):
            for (title,) in rows:
                yield title
