"""Every reach into a private part of Django's or Wagtail's API, in one place.

Quire uses each of these because the public API has no way to say the same thing; each is
pinned by a test in ``tests/core/test_compat.py`` that names the versions it was checked
against, so an upgrade has one checklist: run those tests, and read this file.
"""

from __future__ import annotations

from collections.abc import Callable

# -- Django: transactions ---------------------------------------------------------------


def open_transaction(connection):
    """Something that identifies the transaction this code opened itself (equal while it
    is open), or None in autocommit. The transaction a test case wraps each test in
    counts as autocommit: it never commits, and the code under test sees its own writes as
    if committed; the code's own ``atomic`` inside it is a savepoint, named by its id."""
    if not connection.in_atomic_block:
        return None
    for depth, block in enumerate(connection.atomic_blocks):
        if not block._from_testcase:
            return block if depth == 0 else (connection.savepoint_ids[depth - 1] or block)
    return None


def on_commit_waiting(connection, func: Callable[[], None]) -> bool:
    """Whether ``func`` (given to ``transaction.on_commit``) still waits for this
    connection's commit: False once it ran, or a rollback of its transaction or of a
    savepoint it was registered in dropped it."""
    # Django keeps (savepoint ids, callback, robust) triples in ``run_on_commit``.
    return any(entry[1] is func for entry in connection.run_on_commit)


# -- django-csp: a policy for one response ---------------------------------------------------


def csp_replace(response, directive: str, sources: list[str]) -> None:
    """Give this one response ``directive``'s sources instead of the site's (what
    django-csp's ``csp_replace`` decorator does for a whole view)."""
    response._csp_replace = {**getattr(response, "_csp_replace", {}), directive: sources}


def csp_exempt(response) -> None:
    """Leave this response's own Content-Security-Policy header alone."""
    response._csp_exempt = True


# -- allauth: its rate limiter ------------------------------------------------------------


def allauth_limiter_replace(consume, clear) -> None:
    """Make allauth count its rate limits with ``consume`` and ``clear`` (the two functions
    of its limiter that read and write Django's cache)."""
    from allauth.core.internal import ratelimit as allauth_ratelimit

    allauth_ratelimit._consume_single_rate = consume
    allauth_ratelimit.clear = clear


# -- Wagtail: sites ---------------------------------------------------------------------


def site_key(request) -> tuple:
    """What Wagtail tells sites apart by: the host as sent (not validated) and the port."""
    return (request._get_raw_host(), request.get_port())


def site_find(request):
    """Wagtail's lookup of the request's Site, without its per-request cache."""
    from wagtail.models import Site

    return Site._find_for_request(request)


def site_remember(request, site) -> None:
    """Give the request its Site where ``Site.find_for_request`` looks first."""
    request._wagtail_site = site


def page_listing_filters(name: str):
    """The filters named ``name`` of Wagtail's page listings (the explorer's and the
    search's), which have no hook of their own: ``django-filter``'s class-level filters."""
    from wagtail.admin.views.pages.listing import GenericPageFilterSet, PageFilterSet

    for filterset in (PageFilterSet, GenericPageFilterSet):
        field = filterset.base_filters.get(name)
        if field is not None:
            yield field


# The tables of Wagtail's database search index that quire/search/ranking.py queries with
# its own SQL (for ranking and narrowing that the search API cannot express): the index
# rows, and on SQLite their FTS5 table.
SEARCH_INDEX_TABLE = "wagtailsearch_indexentry"
SEARCH_FTS_TABLE = "wagtailsearch_indexentry_fts"


# -- Django's Redis cache -----------------------------------------------------------------


def redis_client(cache):
    """The Redis connection behind a cache, if it is Redis (django-redis or Django's)."""
    backend = type(cache).__module__
    if backend.startswith("django_redis"):
        return cache.client.get_client(write=True)
    if backend == "django.core.cache.backends.redis":
        return cache._cache.get_client(write=True)
    return None


# -- Wagtail: pages ---------------------------------------------------------------------

# The fields ``Page.save_revision`` and the editor's locking write with ``update_fields``:
# bookkeeping of drafts and of who is editing, never what a reader sees.
PAGE_DRAFT_FIELDS = frozenset(
    {
        "wagtail_admin_comments",
        "latest_revision_created_at",
        "draft_title",
        "latest_revision",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def page_save_touches_readers(update_fields) -> bool:
    """Whether a ``Page.save(update_fields=…)`` can change what readers see."""
    return update_fields is None or not set(update_fields) <= PAGE_DRAFT_FIELDS
