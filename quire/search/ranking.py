"""Ranked hub ids straight from Wagtail's database search index.

Wagtail's database backend ranks with a correlated subquery per matching row on SQLite
(seconds for a common word among 100,000 hubs, see bench/RESULTS.md) and cannot weight
the title above the body there. Quire asks the same index tables directly, with the
title weighted ten times the body, the filters (published, channel, author) in the same
query and a LIMIT, which the full-text indexes (FTS5, PostgreSQL GIN) answer in
milliseconds. Search servers (OpenSearch, Elasticsearch) rank well on their own and keep
the generic path in selectors.py.
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.search.backends import get_search_backend

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
    from quire.articles.models import ArticlePage

    if not groups:
        return []
    content_type = ContentType.objects.get_for_model(ArticlePage).pk
    filters, params = ["p.live"], []
    if channel_path:
        filters.append("p.path > %s AND p.path < %s")
        params += [channel_path, channel_path + "ZZZZ"]
    if owner_id is not None:
        filters.append("p.owner_id = %s")
        params.append(owner_id)
    where = " AND ".join(filters)
    if connection.vendor == "sqlite":
        joiner = " AND " if match_all else " OR "
        match = joiner.join("(" + " OR ".join(f'"{w}"' for w in g) + ")" for g in groups)
        order = (
            "p.first_published_at DESC"
            if newest_first
            else f"bm25(wagtailsearch_indexentry_fts, 0.0, {TITLE_WEIGHT}, 1.0)"
        )
        if channel_path or owner_id is not None:
            # Only the channel's or author's entries: a set of their rowids that the
            # full-text scan's matches are checked against (the unary + keeps FTS5 from
            # looking each of them up, which takes seconds). Looking up the page of every
            # match instead took 150 ms for a word most hubs contain (bench/RESULTS.md).
            selection = f"""
                AND +wagtailsearch_indexentry_fts.rowid IN (
                    SELECT s.id FROM wagtailsearch_indexentry s
                    WHERE s.content_type_id = %s AND s.object_id IN (
                        SELECT CAST(p.id AS TEXT) FROM wagtailcore_page p WHERE {where}
                    )
                )
            """  # noqa: S608 - only fixed fragments are formatted in; values are parameters
            selected = [content_type, *params]
        else:
            selection, selected = f"AND {where}", params
        sql = f"""
            SELECT p.id FROM wagtailsearch_indexentry_fts
            JOIN wagtailsearch_indexentry e ON e.id = wagtailsearch_indexentry_fts.rowid
            JOIN wagtailcore_page p ON p.id = CAST(e.object_id AS INTEGER)
            WHERE wagtailsearch_indexentry_fts MATCH %s AND e.content_type_id = %s
              {selection}
            ORDER BY {order} LIMIT %s
        """  # noqa: S608 - only fixed fragments are formatted in; values are parameters
        args = [match, content_type, *selected, limit]
    else:
        joiner = " & " if match_all else " | "
        query = joiner.join("(" + " | ".join(g) + ")" for g in groups)
        if newest_first:
            sql = f"""
                SELECT p.id FROM wagtailsearch_indexentry e, to_tsquery(%s) q,
                     wagtailcore_page p
                WHERE (e.title @@ q OR e.body @@ q) AND e.content_type_id = %s
                  AND p.id = CAST(e.object_id AS INTEGER) AND {where}
                ORDER BY p.first_published_at DESC LIMIT %s
            """  # noqa: S608 - only fixed fragments are formatted in; values are parameters
            args = [query, content_type, *params, limit]
        elif (channel_path or owner_id is not None) and _selection_first(
            query, where, params, channel_path, owner_id
        ):
            # A word common across the site, in a channel or an author's hubs: take their
            # index entries first (one probe each of the unique content-type/object index;
            # ANY(ARRAY(...)) keeps the planner from reading the whole index table to
            # hash-join them), then match and rank those. Matching site-wide first would
            # look up the page of every match: 106 ms against 41 ms for a word 76 % of
            # the hubs hold, in a channel of 4,546 (bench/RESULTS.md).
            sql = f"""
                WITH c AS MATERIALIZED (
                    SELECT CAST(e.object_id AS INTEGER) AS pid, e.title, e.body
                    FROM wagtailsearch_indexentry e
                    WHERE e.content_type_id = %s AND e.object_id = ANY(ARRAY(
                        SELECT CAST(p.id AS VARCHAR) FROM wagtailcore_page p WHERE {where}
                    ))
                )
                SELECT pid FROM c, to_tsquery(%s) q
                WHERE c.title @@ q OR c.body @@ q
                ORDER BY (c.title @@ q) DESC,
                         ts_rank(c.title, q) * {TITLE_WEIGHT} + ts_rank(c.body, q) DESC
                LIMIT %s
            """  # noqa: S608 - only fixed fragments are formatted in; values are parameters
            args = [content_type, *params, query, limit]
        else:
            # Title hits, then body-only hits, each ranked among at most POOL matches:
            # exact for ordinary words, and bounded work for a word most hubs contain
            # (ranking every one of 77,000 matches took 580 ms; see bench/RESULTS.md).
            tier = """
                (SELECT p.id, {tier} AS tier, ts_rank(e.{column}, q) AS rank
                 FROM wagtailsearch_indexentry e, to_tsquery(%s) q, wagtailcore_page p
                 WHERE {match} AND e.content_type_id = %s
                   AND p.id = CAST(e.object_id AS INTEGER) AND {where}
                 LIMIT {pool})
            """
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
            args = [query, content_type, *params, query, content_type, *params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return [row[0] for row in cursor.fetchall()]


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


# Matching among a selection's hubs costs about this many times as much a hub as matching
# site-wide costs a match (PostgreSQL 15, 100,000 hubs: 8–10 µs against 2.5–3 µs).
SELECTION_COST = 4


def _selection_first(
    query: str, where: str, params: list, channel_path: str | None, owner_id: int | None
) -> bool:
    """Whether to match among a channel's or an author's hubs first, or site-wide first.

    Among the selection, the work is its size (s). Site-wide, matches are looked at until
    POOL of the selection's are found for each tier, after about POOL × total / s of
    them, or until the word's matches (m, PostgreSQL's estimate from its statistics) run
    out. The selection first wins when SELECTION_COST × s < min(m, 2 × POOL × total / s):
    a word most hubs hold in a channel of a few thousand; a rarer word, or a large
    channel, is matched site-wide. The counts are kept in this process until a hub
    changes."""
    from quire.articles.models import ArticlePage
    from quire.pagecache import memo

    content_type = ContentType.objects.get_for_model(ArticlePage).pk

    def count(conditions: str, values: list) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM wagtailcore_page p"  # noqa: S608 - fixed fragments
                f" WHERE p.content_type_id = %s AND {conditions}",
                [content_type, *values],
            )
            return cursor.fetchone()[0]

    tags = ("hubs",)
    total = memo("search-hubs", tags, lambda: count("p.live", []))
    if channel_path:
        tags += (f"tree:{channel_path}",)
    if owner_id is not None:
        tags += (f"author:{owner_id}",)
    key = f"search-selection:{channel_path}:{owner_id}"
    selected = memo(key, tags, lambda: count(where, params))
    if not selected:
        return True
    site_wide = min(estimated_matches(query), 2 * POOL * total / selected)
    return SELECTION_COST * selected < site_wide


def estimated_matches(query: str) -> int:
    """How many index entries PostgreSQL expects the text search query to match, from the
    statistics ANALYZE keeps of every word (planning only: well under a millisecond)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (FORMAT JSON) SELECT 1 FROM wagtailsearch_indexentry e"
            " WHERE e.title @@ to_tsquery(%s) OR e.body @@ to_tsquery(%s)",
            [query, query],
        )
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])
