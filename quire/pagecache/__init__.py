"""Whole-page cache for anonymous readers, with exact invalidation.

Views opt in with :func:`cacheable` (naming the tags their page shows); changes call
:func:`bump` with the tags they touch (``quire/site/refresh.py`` says which, for every
change). Tags are built by ``tags.py`` only. See ``middleware.py`` for which requests are
served from the cache and ``generations.py`` for how every worker and host hears of a
change.

This package is infrastructure: it imports nothing of Quire's but the core's
compatibility shims, and what it needs from features (the consent cookie's handling)
comes in through settings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import transaction

from quire.core.compat import on_commit_waiting, open_transaction

from . import tags as tag

T = TypeVar("T")

TAGS_ATTRIBUTE = "quire_cache_tags"


def cacheable(response, *tags: str):
    """Mark a response as the same for every anonymous reader, filed under ``tags``."""
    setattr(response, TAGS_ATTRIBUTE, (tag.LAYOUT, *tags))
    return response


class _Pending:
    """The tags bumped in one transaction, bumped again together when it commits."""

    def __init__(self, generations, transaction):
        self.generations = generations
        self.transaction = transaction
        self.tags: set[str] = set()
        self.done = False

    def __call__(self) -> None:
        self.done = True
        self.generations.bump(self.tags)


def _pending(connection, current) -> _Pending | None:
    """The tags pending in the transaction ``current``: None once it committed or rolled
    back."""
    pending = getattr(connection, "quire_pagecache_pending", None)
    if (
        pending is None
        or pending.done
        or pending.transaction is not current
        or not on_commit_waiting(connection, pending)
    ):
        return None
    return pending


def bump(*tags: str | None) -> None:
    """Refresh every cached page filed under ``tags``, each once however many changes of a
    transaction name it.

    Outside a transaction the tags are bumped at once. Inside one, a tag is bumped the
    first time a change names it (so this process stops using what it kept) and the
    transaction's tags all once more when it commits: another process may have rendered
    a page from the old rows in between, and the commit is when the new rows are seen."""
    wanted = {t for t in tags if t}
    # Bumped whether or not whole pages are cached (QUIRE_PAGE_CACHE): the memos of what
    # every page reads (the channel bar, the registry) rely on the counters either way.
    if not wanted:
        return
    from .store import page_store

    generations = page_store().generations
    connection = transaction.get_connection()
    current = open_transaction(connection)
    if current is None:
        generations.bump(wanted)
        return
    pending = _pending(connection, current)
    if pending is None:
        # The first change of this transaction.
        pending = connection.quire_pagecache_pending = _Pending(generations, current)
        transaction.on_commit(pending)
    # Once a tag is pending nothing is kept under it here until the commit (``keepable``),
    # so a second change to it needs no second bump.
    new = wanted - pending.tags
    if new:
        pending.tags |= new
        generations.bump(new)


def keepable(tags) -> bool:
    """Whether what was just rendered under ``tags`` may be kept: not while this thread's
    open transaction has changed one of them (its rows are not committed, and may never
    be)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return True
    current = open_transaction(connection)
    if current is None:
        return True
    pending = _pending(connection, current)
    return pending is None or pending.tags.isdisjoint(tags)


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
        from .store import page_store

        generations = page_store().generations
        if not generations.healthy:
            return compute()
        kept = self._kept.get(key)
        if kept is not None and generations.current(kept[0]):
            return kept[1]

        def tags_with_layout(value):
            tags = tags_of(value)
            if tags is None or not keepable(tags):
                return None
            return (tag.LAYOUT, *tags)

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
