"""Cached pages: a per-process store in front of the shared cache.

A hit is served from this process's memory after a check of the page's generation
counters (``generations.py``): no network round trip on one box. When the cache is Redis,
pages are also kept there, so a worker or host that has not rendered a page yet takes it
from Redis instead of rendering it again; it is checked against the same counters.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

import brotli
from django.conf import settings
from django.core.cache import caches
from django.utils.http import http_date

from quire.core import compat

from .generations import Generations, default_path

# Headers a cached page does not keep: they are per response, or set when it is served.
_DROPPED = frozenset(
    [
        "content-length",
        "content-encoding",
        "set-cookie",
        "vary",
        "cache-control",
        "expires",
        "etag",
        "last-modified",
        "date",
    ]
)
# Below this size compressing costs more than it saves.
_MIN_COMPRESS = 256


@dataclass(slots=True, frozen=True)
class Entry:
    snapshot: tuple[tuple[int, int], ...]
    headers: tuple[tuple[str, str], ...]
    body: bytes
    gzip: bytes | None
    br: bytes | None
    etag: str
    last_modified: str

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzip or b"") + len(self.br or b"") + 512


def make_entry(response, snapshot, now: float) -> Entry:
    body = response.content
    compressible = len(body) >= _MIN_COMPRESS
    headers = tuple((k, v) for k, v in response.items() if k.lower() not in _DROPPED)
    return Entry(
        snapshot=snapshot,
        headers=headers,
        body=body,
        gzip=gzip.compress(body, compresslevel=6, mtime=0) if compressible else None,
        br=brotli.compress(body, quality=6) if compressible else None,
        # Weak: the same page is sent in three encodings.
        etag=f'W/"{hashlib.blake2b(body, digest_size=12).hexdigest()}"',
        last_modified=http_date(now),
    )


class PageStore:
    def __init__(self, generations: Generations, shared=None, max_bytes: int = 64 << 20):
        self.generations = generations
        self.shared = shared
        self.max_bytes = max_bytes
        self._local: OrderedDict[str, Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> Entry | None:
        entry = self._local.get(key)
        if entry is not None:
            if self.generations.current(entry.snapshot):
                return entry
            self._discard(key)
        if self.shared is None:
            return None
        entry = self.shared.get(_shared_key(key))
        if isinstance(entry, Entry) and self.generations.current(entry.snapshot):
            self._keep(key, entry)
            return entry
        return None

    def put(self, key: str, entry: Entry, timeout: int) -> None:
        self._keep(key, entry)
        if self.shared is not None:
            self.shared.set(_shared_key(key), entry, timeout)

    def clear(self) -> None:
        with self._lock:
            self._local.clear()
            self._bytes = 0

    def _keep(self, key: str, entry: Entry) -> None:
        with self._lock:
            old = self._local.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._local[key] = entry
            self._bytes += entry.size
            while self._bytes > self.max_bytes and self._local:
                _, dropped = self._local.popitem(last=False)
                self._bytes -= dropped.size

    def _discard(self, key: str) -> None:
        with self._lock:
            old = self._local.pop(key, None)
            if old is not None:
                self._bytes -= old.size

    def __len__(self) -> int:
        return len(self._local)


def _shared_key(key: str) -> str:
    return "pagecache:" + hashlib.blake2b(key.encode(), digest_size=16).hexdigest()


# -- the process's instance ----------------------------------------------------------------

_instance: PageStore | None = None
_fragments: PageStore | None = None
_instance_lock = threading.Lock()


def page_store() -> PageStore:
    global _instance
    if _instance is None:
        with _instance_lock:
            if _instance is None:
                _instance = _build()
    return _instance


def fragment_store() -> PageStore:
    """Parts of pages (fragments.py): this process only, the same counters as pages."""
    global _fragments
    if _fragments is None:
        pages = page_store()
        with _instance_lock:
            if _fragments is None:
                _fragments = PageStore(pages.generations, None, pages.max_bytes // 2)
    return _fragments


def _build() -> PageStore:
    from django.db import connection

    cache = caches["default"]
    conf = settings.CACHES["default"]
    db = connection.settings_dict
    prefix = conf.get("KEY_PREFIX", "")
    identity = "|".join(
        str(part) for part in (db["ENGINE"], db["NAME"], db.get("HOST"), db.get("PORT"), prefix)
    )
    path = settings.QUIRE_PAGE_CACHE_FILE or default_path(identity)
    redis = compat.redis_client(cache)
    generations = Generations(
        path,
        redis=redis,
        redis_key=f"{prefix}:pagecache:generations",
        channel=f"{prefix}:pagecache:bumps",
    )
    # Pages are shared only through Redis: its counters are the same on every host.
    shared = cache if redis is not None else None
    return PageStore(generations, shared, settings.QUIRE_PAGE_CACHE_LOCAL_MB << 20)
