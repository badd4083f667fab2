"""Where beacons wait for the roll-up: a Redis list when the cache is Redis (one command a
beacon, shared by every worker and host), else an append-only table.

Both hand the roll-up a batch and forget it only once the roll-up's transaction has
committed, so an interrupted roll-up loses nothing and counts nothing twice.
"""

import atexit
import logging
import multiprocessing.util
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction

from .models import Hit, RolledBatch

logger = logging.getLogger(__name__)

LIST_KEY = "quire:stats:hits"
PROCESSING_PREFIX = "quire:stats:rolling:"


def uses_redis() -> bool:
    choice = settings.QUIRE_STATS_BUFFER
    if choice == "auto":
        return "redis" in settings.CACHES["default"]["BACKEND"].lower()
    return choice == "redis"


def _redis():
    from django_redis import get_redis_connection

    return get_redis_connection("default")


class _Batcher:
    """Beacons for Redis, sent a batch at a time: one RPUSH of up to a few hundred values
    every FLUSH_SECONDS (from whichever beacon comes next, or from a small daemon thread
    when traffic stops, and at exit) instead of a network round trip per beacon, which
    was most of a beacon's cost. A process killed outright loses at most that fraction of
    a second of beacons; a normal stop sends them."""

    FLUSH_SECONDS = 0.2
    MAX_ITEMS = 500

    def __init__(self):
        self.items: list[str] = []
        self.oldest = 0.0
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def add(self, data: str) -> None:
        with self.lock:
            if not self.items:
                self.oldest = time.monotonic()
            self.items.append(data)
            due = (
                len(self.items) >= self.MAX_ITEMS
                or time.monotonic() - self.oldest >= self.FLUSH_SECONDS
            )
        if self.thread is None:
            self._start()
        if due:
            self.flush()

    def flush(self) -> None:
        with self.lock:
            items, self.items = self.items, []
        if items:
            try:
                _redis().rpush(_key(LIST_KEY), *items)
            except Exception:
                with self.lock:  # kept for the next flush, in order
                    self.items[:0] = items
                raise

    def _start(self) -> None:
        with self.lock:
            if self.thread is not None:
                return
            self.thread = threading.Thread(target=self._run, name="quire-stats", daemon=True)
        self.thread.start()
        atexit.register(self.flush)
        # Worker processes started by multiprocessing (granian's, gunicorn's are forked
        # differently) leave through os._exit, which skips atexit; their own exit hook
        # runs these finalizers.
        multiprocessing.util.Finalize(self, self.flush, exitpriority=100)

    def _run(self) -> None:
        while True:
            time.sleep(self.FLUSH_SECONDS)
            try:
                self.flush()
            except Exception:  # Redis away for a moment: the next round tries again
                logger.warning("Statistics beacons could not reach Redis yet", exc_info=True)


_batcher = _Batcher()


def push(data: str) -> None:
    if uses_redis():
        _batcher.add(data)
    else:
        Hit.objects.create(data=data)


def flush() -> None:
    """Send this process's beacons now (tests; the roll-up does it before reading)."""
    if uses_redis():
        _batcher.flush()


def _key(name: str) -> str:
    return f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:{name}"


@contextmanager
def batch(limit: int) -> Iterator[list[str]]:
    """Yield up to ``limit`` waiting beacons inside a transaction; they are removed from
    the buffer if (and only if) the block completes."""
    if uses_redis():
        flush()
        yield from _redis_batch()
    else:
        with transaction.atomic():
            rows = list(Hit.objects.order_by("pk").values_list("pk", "data")[:limit])
            yield [data for _, data in rows]
            if rows:
                Hit.objects.filter(pk__lte=rows[-1][0]).delete()


def _redis_batch():
    client = _redis()
    # A batch left by an interrupted roll-up comes first.
    leftovers = sorted(client.scan_iter(match=_key(PROCESSING_PREFIX) + "*", count=100))
    if leftovers:
        key = leftovers[0]
        key = key.decode() if isinstance(key, bytes) else key
    else:
        key = _key(PROCESSING_PREFIX) + uuid.uuid4().hex
        try:
            client.rename(_key(LIST_KEY), key)
        except Exception as error:  # the list does not exist: nothing is waiting
            if "no such key" not in str(error).lower():
                raise
            yield []
            return
    name = key.rsplit(":", 1)[-1]
    with transaction.atomic():
        if RolledBatch.objects.filter(batch=name).exists():
            items = []  # counted already; only its deletion was missed
        else:
            items = [i.decode() for i in client.lrange(key, 0, -1)]
        yield items
        RolledBatch.objects.get_or_create(batch=name)
    client.delete(key)


def waiting() -> int:
    """How many beacons wait (for tests and the operator's page)."""
    if uses_redis():
        flush()
        client = _redis()
        keys = [_key(LIST_KEY), *client.scan_iter(match=_key(PROCESSING_PREFIX) + "*")]
        return sum(client.llen(k) for k in keys)
    return Hit.objects.count()
