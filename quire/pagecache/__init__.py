"""Whole-page cache for anonymous readers, with exact invalidation.

Views opt in with :func:`cacheable` (naming the tags their page shows); changes call
:func:`bump` with the tags they touch (``signals.py`` does it for pages, comments,
profiles, images and settings). See ``middleware.py`` for which requests are served from
the cache and ``generations.py`` for how every worker and host hears of a change.

Tags:
  ``page:<id>``      one page (a hub, an information page) and its comments
  ``tree:<path>``    a channel: its listings, its feeds, the related hubs on its hubs
  ``author:<id>``    an author's profile, feeds and the byline on their hubs
  ``hubs``           site-wide lists of hubs: the home page, the site's feeds, sitemaps
  ``authors``        the sitemap's profiles
  ``layout``         what every page shows: channel bar, settings, consent, ad slots
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.db import transaction

T = TypeVar("T")

TAGS_ATTRIBUTE = "quire_cache_tags"


def cacheable(response, *tags: str):
    """Mark a response as the same for every anonymous reader, filed under ``tags``."""
    setattr(response, TAGS_ATTRIBUTE, ("layout", *tags))
    return response


def bump(*tags: str) -> None:
    """Refresh every cached page filed under ``tags``: now, and again once the current
    transaction commits (a page rendered in between from the old rows is not kept)."""
    if not tags or not settings.QUIRE_PAGE_CACHE:
        return
    from .store import page_store

    generations = page_store().generations
    generations.bump(tags)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: generations.bump(tags))


class Memo:
    """Values read from the database, kept in this process while the tags they are filed
    under are unchanged anywhere (and the layout too): a memory read per use instead of a
    query or a cache round trip, exact across workers and hosts. At most ``size`` values,
    the oldest dropped first."""

    def __init__(self, size: int):
        self.size = size
        self._kept: dict = {}

    def get(self, key, compute: Callable[[], T], tags_of: Callable[[T], list[str] | None]) -> T:
        """``compute()``, or what it gave before; ``tags_of(value)`` names the tags to file
        it under (None: not kept)."""
        if not settings.QUIRE_PAGE_CACHE:
            return compute()
        from .store import page_store

        generations = page_store().generations
        if not generations.healthy:
            return compute()
        kept = self._kept.get(key)
        if kept is not None and generations.current(kept[0]):
            return kept[1]

        def tags_with_layout(value):
            tags = tags_of(value)
            return None if tags is None else ("layout", *tags)

        value, snapshot = generations.computed(compute, tags_with_layout)
        if snapshot is not None:
            self._kept.pop(key, None)
            while len(self._kept) >= self.size:
                self._kept.pop(next(iter(self._kept)))
            self._kept[key] = (snapshot, value)
        return value


_memos = Memo(size=4096)


def memo(name: str, tags: tuple[str, ...], compute: Callable[[], T]) -> T:
    """``compute()``, kept in this process until one of ``tags`` (or the layout) is bumped
    anywhere."""
    return _memos.get(name, compute, lambda value: tags)


def layout_memo(name: str, compute: Callable[[], T]) -> T:
    """For the small reads every page makes (channel bar, consent registry, ad slots)."""
    return memo(name, (), compute)


def cached_page(*tags: str):
    """A view decorator: its pages are the same for every anonymous reader and change only
    with ``tags`` (and the layout)."""
    from functools import wraps

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return cacheable(view(request, *args, **kwargs), *tags)

        return wrapped

    return decorator
