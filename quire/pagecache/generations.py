"""Generation counters: the cheap check that tells every worker a cached page went stale.

Every cached page is filed under a few *tags* ("page:12", "channel:3", "author:7",
"hubs", "layout"). A tag hashes to one of 65,536 counters (a collision only refreshes an
extra page). A change bumps the counters of the tags it touches; a cached page remembers
the counters' values when it was rendered and is served only while they are unchanged.

Where the counters live is what makes a hit cost no network round trip yet keeps
invalidation exact everywhere:

- **On one box** they are in a shared-memory file (``/dev/shm``, or the temporary folder)
  mapped by every worker process: reading one is a memory read, and a bump by any worker
  is seen by all the others at once. Bumps take a file lock, so none is lost.
- **Across hosts** (when the cache is Redis) the values come from one Redis hash
  (``HINCRBY``, so they mean the same on every host, and a page cached in Redis by one
  host can be checked by another), and each bump is published; every process listens on
  a thread and copies the new values into its host's file. A process whose subscription
  is down says so (:attr:`Generations.healthy`) and the page cache is bypassed until it
  is back and has reloaded every value.

A *sequence* counter (slot 0) moves with every bump, before the tags' counters: a page
whose rendering overlapped a bump is not stored (see ``store.py``), so a page rendered
from data older than the bump can never be filed under the counters that follow it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import mmap
import os
import tempfile
import threading
import time
import zlib
from collections.abc import Iterable
from pathlib import Path

logger = logging.getLogger(__name__)

SLOTS = 1 << 16
SEQUENCE = 0  # the slot that moves with every bump; no tag hashes to it
_SIZE = SLOTS * 8


def slot_for(tag: str) -> int:
    return (zlib.crc32(tag.encode()) % (SLOTS - 1)) + 1


class Generations:
    """The counters of one site (one database), shared by every process on the host."""

    def __init__(self, path: Path, redis=None, redis_key: str = "", channel: str = ""):
        self.path = Path(path)
        self._redis = redis
        self._redis_key = redis_key
        self._channel = channel
        self._pid = None
        self._listener: threading.Thread | None = None
        self._listening = threading.Event()
        self._pending: set[int] = set()
        self._open()

    # -- the shared file ---------------------------------------------------------------

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if os.fstat(fd).st_size < _SIZE:
                os.ftruncate(fd, _SIZE)
            fcntl.flock(fd, fcntl.LOCK_UN)
            self._map = mmap.mmap(fd, _SIZE, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        self.values = memoryview(self._map).cast("Q")

    def close(self) -> None:
        self.values.release()
        self._map.close()
        os.close(self._fd)

    # -- reading -------------------------------------------------------------------------

    @property
    def sequence(self) -> int:
        return self.values[SEQUENCE]

    def snapshot(self, tags: Iterable[str]) -> tuple[tuple[int, int], ...]:
        values = self.values
        return tuple((slot, values[slot]) for slot in sorted({slot_for(t) for t in tags}))

    def current(self, snapshot: tuple[tuple[int, int], ...]) -> bool:
        """Whether no tag of a snapshot has been bumped since."""
        values = self.values
        return all(values[slot] == value for slot, value in snapshot)

    def computed(self, compute, tags_of):
        """``compute()`` and the snapshot to keep its result under: None when it must not
        be kept, because ``tags_of(result)`` is None or a bump happened while it was being
        computed (it may hold rows older than that bump)."""
        sequence = self.sequence
        value = compute()
        tags = tags_of(value)
        if tags is None:
            return value, None
        snapshot = self.snapshot(tags)
        return value, (snapshot if self.sequence == sequence else None)

    @property
    def healthy(self) -> bool:
        """False while a Redis-backed process cannot hear other hosts' bumps."""
        if self._redis is None:
            return True
        self._ensure_listener()
        return self._listening.is_set()

    # -- bumping -------------------------------------------------------------------------

    def bump(self, tags: Iterable[str]) -> None:
        slots = sorted({slot_for(t) for t in tags})
        if not slots:
            return
        if self._redis is not None:
            try:
                self._publish(slots)
                return
            except Exception:
                # Redis is down: this host is still told at once; the other hosts when
                # this process reaches Redis again (its listener sends what is pending).
                logger.exception("Could not publish a page-cache invalidation through Redis")
                self._pending.update(slots)
        with self._locked():
            values = self.values
            values[SEQUENCE] += 1
            for slot in slots:
                values[slot] += 1

    def _publish(self, slots) -> None:
        pipe = self._redis.pipeline()
        for slot in slots:
            pipe.hincrby(self._redis_key, slot, 1)
        new = list(zip(slots, pipe.execute(), strict=True))
        self._raise(new)
        self._redis.publish(self._channel, _encode(new))

    def _raise(self, new: list[tuple[int, int]]) -> None:
        """Raise counters to the values Redis gave, never lower (messages may cross)."""
        with self._locked():
            values = self.values
            values[SEQUENCE] += 1
            for slot, value in new:
                if value > values[slot]:
                    values[slot] = value

    def _locked(self):
        return _FileLock(self._fd)

    # -- hearing other hosts ------------------------------------------------------------

    def _ensure_listener(self) -> None:
        pid = os.getpid()
        if self._pid == pid and self._listener is not None and self._listener.is_alive():
            return
        self._pid = pid
        self._listening.clear()
        self._listener = threading.Thread(
            target=self._listen, name="quire-pagecache-listener", daemon=True
        )
        self._listener.start()
        # Give the subscription a moment so that the first requests can use the cache.
        self._listening.wait(0.5)

    def _listen(self) -> None:
        delay = 0.5
        while True:
            pubsub = None
            try:
                pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(self._channel)
                if self._pending:
                    self._publish(sorted(self._pending))
                    self._pending.clear()
                # Subscribed first, then caught up: nothing published in between is lost.
                stored = self._redis.hgetall(self._redis_key)
                self._raise([(int(k), int(v)) for k, v in stored.items()])
                self._listening.set()
                delay = 0.5
                for message in pubsub.listen():
                    if message.get("type") == "message":
                        self._raise(_decode(message["data"]))
            except Exception:
                self._listening.clear()
                logger.warning("Page-cache invalidations from Redis lost; retrying", exc_info=True)
                time.sleep(delay)
                delay = min(delay * 2, 10)
            finally:
                if pubsub is not None:
                    with contextlib.suppress(Exception):  # a broken connection
                        pubsub.close()


class _FileLock:
    def __init__(self, fd: int):
        self.fd = fd

    def __enter__(self):
        fcntl.flock(self.fd, fcntl.LOCK_EX)

    def __exit__(self, *exc):
        fcntl.flock(self.fd, fcntl.LOCK_UN)


def _encode(pairs: list[tuple[int, int]]) -> str:
    return ",".join(f"{slot}:{value}" for slot, value in pairs)


def _decode(data) -> list[tuple[int, int]]:
    if isinstance(data, bytes):
        data = data.decode()
    pairs = []
    for item in data.split(","):
        slot, _, value = item.partition(":")
        if slot.isdigit() and value.isdigit() and 0 < int(slot) < SLOTS:
            pairs.append((int(slot), int(value)))
    return pairs


def default_path(identity: str) -> Path:
    """A file per site: the same database and cache give the same file on a host."""
    # Created 0600 and only ever mapped, never executed or trusted for anything but counters.
    shm = Path("/dev/shm")  # noqa: S108
    base = shm if shm.is_dir() else Path(tempfile.gettempdir())
    digest = hashlib.sha256(identity.encode()).hexdigest()[:20]
    return base / f"quire-pagecache-{digest}"
