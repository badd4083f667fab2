"""Where beacons wait for the roll-up: a Redis list when the cache is Redis (one command a
beacon, shared by every worker and host), else an append-only table.

Both hand the roll-up a batch and forget it only once the roll-up's transaction has
committed, so an interrupted roll-up loses nothing and counts nothing twice.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction

from .models import Hit, RolledBatch

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


def push(data: str) -> None:
    if uses_redis():
        _redis().rpush(_key(LIST_KEY), data)
    else:
        Hit.objects.create(data=data)


def _key(name: str) -> str:
    return f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:{name}"


@contextmanager
def batch(limit: int) -> Iterator[list[str]]:
    """Yield up to ``limit`` waiting beacons inside a transaction; they are removed from
    the buffer if (and only if) the block completes."""
    if uses_redis():
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
        client = _redis()
        keys = [_key(LIST_KEY), *client.scan_iter(match=_key(PROCESSING_PREFIX) + "*")]
        return sum(client.llen(k) for k in keys)
    return Hit.objects.count()
