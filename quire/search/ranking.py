"""Ranked hub ids straight from Wagtail's database search index.

Wagtail's database backend ranks with a correlated subquery per matching row on SQLite
(seconds for a common word among 100,000 hubs, see bench/RESULTS.md) and cannot weight
the title above the body there. Quire asks the same index tables directly, with the
title weighted ten times the body, the filters (published, channel, author) in the same
query and a LIMIT, which the full-text indexes (FTS5, PostgreSQL GIN) answer in
milliseconds. Search servers (OpenSearch, Elasticsearch) rank well on their own and keep
the generic path in selectors.py.
"""

from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.search.backends import get_search_backend

from quire.articles.models import ArticlePage
from quire.pagecache import memo
from quire.pagecache import tags as tag

TITLE_WEIGHT = 10.0
POOL = 2000


def supported() -> bool:
    backend = get_search_backend()
    module = type(backend).__module__
    return ".database." in module and connection.vendor in ("sqlite", "postgresql")


def ranked_ids(
    groups: list[list[str]],
    *,
    match_all: bool = False,
    channel_path: str | None = None,
    owner_id: int | None = None,
    newest_first: bool = False,
    limit: int = 500,
) -> list[int]:
    """Ids of published hubs matching the words, best (or newest) first: every word (one
    of each group's forms) with ``match_all``, else any of them."""

    if not groups:
        return []
    content_type = ContentType.objects.get_for_model(ArticlePage).pk
    selection = Selection(channel_path, owner_id)
    if connection.vendor == "sqlite":
        joiner = " AND " if match_all else " OR "
        match = joiner.join("(" + " OR ".join(f'"{w}"' for w in g) + ")" for g in groups)
        if newest_first:
            return _sqlite_newest(match, selection, content_type, limit)
        order = f"bm25(wagtailsearch_indexentry_fts, 0.0, {TITLE_WEIGHT}, 1.0)"
        return _ids(*_sqlite(match, selection, content_type, order, limit))
    joiner = " & " if match_all else " | "
    query = joiner.join("(" + " | ".join(g) + ")" for g in groups)
    if newest_first:
        return _postgresql_newest(query, selection, content_type, limit)
    if selection.narrowed and _selection_first(query, selection):
        return _ids(*_postgresql_selection_first(query, selection, content_type, limit))
    return _ids(*_postgresql_site_wide_first(query, selection, content_type, limit))


# The SQL below reads Wagtail's search index tables directly (compat.SEARCH_INDEX_TABLE,
# compat.SEARCH_FTS_TABLE: tests/core/test_compat.py checks they are still there).


def _sqlite(match: str, selection: "Selection", content_type: int, order: str, limit: int):
    """Match with FTS5 first, then order the matches (by relevance or date)."""
    if selection.narrowed:
        # Only the channel's or author's entries: a set of their rowids that the full-text
        # scan's matches are checked against (the unary + keeps FTS5 from looking each of
        # them up, which takes seconds). Looking up the page of every match instead took
        # 171 ms for a word most hubs contain, 54 ms this way (bench/RESULTS.md).
        narrowing = f"""
            AND +wagtailsearch_indexentry_fts.rowid IN (
                SELECT s.id FROM wagtailsearch_indexentry s
                WHERE s.content_type_id = %s AND s.object_id IN (
                    SELECT CAST(p.id AS TEXT) FROM wagtailcore_page p WHERE {selection.where}
                )
            )
        """  # noqa: S608 - only fixed fragments are formatted in; values are parameters
        narrowed = [content_type, *selection.params]
    else:
        narrowing, narrowed = f"AND {selection.where}", selection.params
    sql = f"""
        SELECT p.id FROM wagtailsearch_indexentry_fts
        JOIN wagtailsearch_indexentry e ON e.id = wagtailsearch_indexentry_fts.rowid
        JOIN wagtailcore_page p ON p.id = CAST(e.object_id AS INTEGER)
        WHERE wagtailsearch_indexentry_fts MATCH %s AND e.content_type_id = %s
          {narrowing}
        ORDER BY {order} LIMIT %s
    """  # noqa: S608 - only fixed fragments are formatted in; values are parameters
    return sql, [match, content_type, *narrowed, limit]


def _sqlite_newest(match: str, selection: "Selection", content_type: int, limit: int):
    """Newest first on SQLite. Site-wide, as on PostgreSQL (``_postgresql_newest``), a word
    most hubs hold walks the newest hubs (17 ms against 148 for sorting 75,000 matches by
    date), down to the date of the walk's last hub (SQLite would otherwise check every hub
    the walk may reach before sorting them); FTS5 counts the matches exactly, and cheaply
    (2 ms for 75,000). A channel or an author is matched first (``_sqlite``)."""
    if not selection.narrowed:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM wagtailsearch_indexentry_fts"
                " WHERE wagtailsearch_indexentry_fts MATCH %s",
                [match],
            )
            matches = cursor.fetchone()[0]
        walk = _newest_walk(matches, selection, limit, SQLITE_WALK_COST)
        if walk:
            everything = walk >= selection.size
            since = (
                ""
                if everything
                else """AND p.first_published_at >= (
                    SELECT first_published_at FROM wagtailcore_page
                    WHERE first_published_at IS NOT NULL
                    ORDER BY first_published_at DESC LIMIT 1 OFFSET %s
                )"""
            )
            sql = f"""
                SELECT p.id FROM wagtailcore_page p
                JOIN wagtailsearch_indexentry e
                  ON e.content_type_id = %s AND e.object_id = CAST(p.id AS TEXT)
                WHERE {selection.where} {since} AND EXISTS (
                    SELECT 1 FROM wagtailsearch_indexentry_fts
                    WHERE wagtailsearch_indexentry_fts.rowid = e.id
                      AND wagtailsearch_indexentry_fts MATCH %s
                )
                ORDER BY p.first_published_at DESC LIMIT %s
            """  # noqa: S608 - only fixed fragments are formatted in; values are parameters
            offset = [] if everything else [walk - 1]
            ids = _ids(sql, [content_type, *selection.params, *offset, match, limit])
            if len(ids) >= limit or everything:
                return ids
    return _ids(*_sqlite(match, selection, content_type, "p.first_published_at DESC", limit))


def _ids(sql: str, args: list) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return [row[0] for row in cursor.fetchall()]


def _postgresql_selection_first(query: str, selection: "Selection", content_type: int, limit: int):
    """A word common across the site, in a channel or an author's hubs: take their index
    entries first (one probe each of the unique content-type/object index; ANY(ARRAY(...))
    keeps the planner from reading the whole index table to hash-join them), then match and
    rank those. Matching site-wide first would look up the page of every match: 106 ms
    against 41 ms for a word 76 % of the hubs hold, in a channel of 4,546
    (bench/RESULTS.md)."""
    sql = f"""
        WITH c AS MATERIALIZED (
            SELECT CAST(e.object_id AS INTEGER) AS pid, e.title, e.body
            FROM wagtailsearch_indexentry e
            WHERE e.content_type_id = %s AND e.object_id = ANY(ARRAY(
                SELECT CAST(p.id AS VARCHAR) FROM wagtailcore_page p WHERE {selection.where}
            ))
        )
        SELECT pid FROM c, to_tsquery(%s) q
        WHERE c.title @@ q OR c.body @@ q
        ORDER BY (c.title @@ q) DESC,
                 ts_rank(c.title, q) * {TITLE_WEIGHT} + ts_rank(c.body, q) DESC
        LIMIT %s
    """  # noqa: S608 - only fixed fragments are formatted in; values are parameters
    return sql, [content_type, *selection.params, query, limit]


def _postgresql_site_wide_first(query: str, selection: "Selection", content_type: int, limit: int):
    """Title hits, then body-only hits, each ranked among at most POOL matches: exact for
    ordinary words, and bounded work for a word most hubs contain (ranking every one of
    77,000 matches took 580 ms; see bench/RESULTS.md)."""
    tier = """
        (SELECT p.id, {tier} AS tier, ts_rank(e.{column}, q) AS rank
         FROM wagtailsearch_indexentry e, to_tsquery(%s) q, wagtailcore_page p
         WHERE {match} AND e.content_type_id = %s
           AND p.id = CAST(e.object_id AS INTEGER) AND {where}
         LIMIT {pool})
    """
    where = selection.where
    sql = (
        tier.format(tier=0, column="title", match="e.title @@ q", where=where, pool=POOL)
        + " UNION ALL "
        + tier.format(
            tier=1,
            column="body",
            match="e.body @@ q AND NOT e.title @@ q",
            where=where,
            pool=POOL,
        )
        + " ORDER BY tier, rank DESC LIMIT %s"
    )
    params = selection.params
    return sql, [query, content_type, *params, query, content_type, *params, limit]


def _postgresql_newest(
    query: str, selection: "Selection", content_type: int, limit: int
) -> list[int]:
    """Newest first. For a word most hubs hold, walk the newest hubs, checking each one's
    index entry, until ``limit`` of them match (7 ms for a word 76 % of 100,000 hubs hold,
    against 96 ms for sorting all its matches by date); for rarer words (the walk would
    be long: 794 ms for two words 1 % of hubs hold), match first and sort the matches.
    PostgreSQL's estimate of the matches decides; a walk that falls short of ``limit``
    because the estimate was too high is followed by the exact query."""
    walk = _newest_walk(estimated_matches(query), selection, limit, SELECTION_COST)
    if walk:
        sql = f"""
            SELECT p.id FROM (
                SELECT p.id, p.first_published_at FROM wagtailcore_page p
                WHERE p.content_type_id = %s AND {selection.where}
                ORDER BY p.first_published_at DESC LIMIT %s
            ) p CROSS JOIN LATERAL (
                SELECT 1 FROM wagtailsearch_indexentry e
                WHERE e.content_type_id = %s AND e.object_id = CAST(p.id AS VARCHAR)
                  AND (e.title @@ to_tsquery(%s) OR e.body @@ to_tsquery(%s))
                LIMIT 1
            ) m
            ORDER BY p.first_published_at DESC LIMIT %s
        """  # noqa: S608 - only fixed fragments are formatted in; values are parameters
        args = [content_type, *selection.params, walk, content_type, query, query, limit]
        ids = _ids(sql, args)
        if len(ids) >= limit or walk >= selection.size:
            return ids
    # The query as a FROM item: the planner does not see how many hubs match, and looks up
    # each match's page (a few thousand: milliseconds); told the count, it reads every
    # page to hash-join them instead (48 ms against 5 for "garden", 2,256 matches).
    sql = f"""
        SELECT p.id FROM wagtailsearch_indexentry e, to_tsquery(%s) q, wagtailcore_page p
        WHERE (e.title @@ q OR e.body @@ q) AND e.content_type_id = %s
          AND p.id = CAST(e.object_id AS INTEGER) AND {selection.where}
        ORDER BY p.first_published_at DESC LIMIT %s
    """  # noqa: S608 - only fixed fragments are formatted in; values are parameters
    return _ids(sql, [query, content_type, *selection.params, limit])


def titles(ids: list[int]) -> dict[int, str]:
    """The titles of these pages by id: one query, without building a lookup per id."""
    if not ids:
        return {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT id, title FROM wagtailcore_page WHERE id = ANY(%s)", [ids])
        else:
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(
                f"SELECT id, title FROM wagtailcore_page WHERE id IN ({marks})",  # noqa: S608
                ids,
            )
        return dict(cursor.fetchall())


# Checking one hub's index entry (a probe of the content-type/object index, then the match)
# costs about this many times as much as taking one match from the full-text index and
# looking up its page (PostgreSQL 15, 100,000 hubs: 8–10 µs against 2.5–3 µs).
SELECTION_COST = 4
# On SQLite, checking a hub's entry (FTS5 seeks the words' lists to its row) against sorting
# a match by date: 26 µs against 2 µs.
SQLITE_WALK_COST = 13


class Selection:
    """The published hubs a search is narrowed to (a channel, an author, or all): their
    SQL condition on pages ``p``, their number and the site's, both counts kept in this
    process until a hub changes."""

    def __init__(self, channel_path: str | None = None, owner_id: int | None = None):
        filters, self.params = ["p.live"], []
        self._tags = (tag.HUBS,)
        if channel_path:
            filters.append("p.path > %s AND p.path < %s")
            self.params += [channel_path, channel_path + "ZZZZ"]
            self._tags += (tag.channel(channel_path),)
        if owner_id is not None:
            filters.append("p.owner_id = %s")
            self.params.append(owner_id)
            self._tags += (tag.author(owner_id),)
        self.where = " AND ".join(filters)
        self.narrowed = len(filters) > 1
        self._key = f"search-selection:{channel_path}:{owner_id}"

    @cached_property
    def total(self) -> int:
        return memo("search-hubs", (tag.HUBS,), lambda: self._count("p.live", []))

    @cached_property
    def size(self) -> int:
        if not self.narrowed:
            return self.total
        return memo(self._key, self._tags, lambda: self._count(self.where, self.params))

    @staticmethod
    def _count(conditions: str, values: list) -> int:
        content_type = ContentType.objects.get_for_model(ArticlePage).pk
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM wagtailcore_page p"  # noqa: S608 - fixed fragments
                f" WHERE p.content_type_id = %s AND {conditions}",
                [content_type, *values],
            )
            return cursor.fetchone()[0]


def _selection_first(query: str, selection: Selection) -> bool:
    """Whether to match among a channel's or an author's hubs first, or site-wide first.

    Among the selection, the work is its size (s). Site-wide, matches are looked at until
    POOL of the selection's are found for each tier, after about POOL × total / s of
    them, or until the word's matches (m, PostgreSQL's estimate from its statistics) run
    out. The selection first wins when SELECTION_COST × s < min(m, 2 × POOL × total / s):
    a word most hubs hold in a channel of a few thousand; a rarer word, or a large
    channel, is matched site-wide."""
    selected = selection.size
    if not selected:
        return True
    site_wide = min(estimated_matches(query), 2 * POOL * selection.total / selected)
    return SELECTION_COST * selected < site_wide


def _newest_walk(matches: int, selection: Selection, limit: int, cost: float) -> int:
    """How many of the selection's newest hubs to walk through for ``limit`` matches, or 0
    to match first and sort. With ``matches`` of the site's hubs matching, ``limit`` of
    them are met after about limit × total / matches hubs; the walk wins while ``cost``
    (checking a hub against sorting a match) times that, or the whole selection if fewer,
    stays under the matches. Four times the expected length is walked, to allow for the
    words being rarer among the newest hubs."""
    if not matches or not selection.size:
        return 0
    expected = limit * selection.total / matches
    if cost * min(selection.size, expected) >= matches:
        return 0
    return min(selection.size, int(4 * expected) + 1)


def estimated_matches(query: str) -> int:
    """How many index entries PostgreSQL expects the text search query to match, from the
    statistics ANALYZE keeps of every word (planning only: well under a millisecond)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (FORMAT JSON) SELECT 1 FROM wagtailsearch_indexentry e"
            " WHERE e.title @@ to_tsquery(%s) OR e.body @@ to_tsquery(%s)",
            [query, query],
        )
        plan = cursor.fetchone()[0]  # psycopg reads the JSON plan into lists and dicts
    return int(plan[0]["Plan"]["Plan Rows"])
