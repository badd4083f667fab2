"""Rate limits that hold across every worker process and every host.

Counts live in one table of the site's database (:class:`~quire.core.models.RateCounter`),
which every worker and host already shares. A hit is one atomic statement::

    INSERT … VALUES (key, window, 1) ON CONFLICT (key, window)
    DO UPDATE SET count = count + 1 WHERE count < allowance

so however many requests race, in however many processes, no more than the limit are
counted: SQLite runs one writer at a time, and PostgreSQL re-checks the condition on the
row it has locked. The database rather than the cache because the default cache is per
process (and Redis is optional); a counter survives a cache flush, and it rolls back with
a request's transaction.

Windows slide (the two-window estimate common to rate limiters): a hit counts while the
current fixed window's count, plus the previous window's count weighted by how much of
it still lies within the last ``seconds``, stays under the limit. Concurrent hits inside
one window are exact; a burst across a window boundary cannot pass twice the limit.

Keys are HMACs of who is counted (an address, an account, a page), never the value
itself, and rows are deleted once they have expired.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connections, router
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import RateCounter

# Expired rows are deleted by the next hit in a process, at most this often.
PRUNE_SECONDS = 300


@dataclass(frozen=True)
class Rate:
    """At most ``limit`` events in any ``seconds``."""

    limit: int
    seconds: int

    def __post_init__(self):
        if self.limit < 0 or self.seconds < 1:
            raise ValueError(f"A rate needs a limit >= 0 and a window >= 1 s, not {self}.")


@dataclass(frozen=True)
class Hit:
    """One counted event; :meth:`undo` takes it back (the work it allowed did not happen)."""

    key: str
    window: int

    def undo(self) -> None:
        RateCounter.objects.using(_db()).filter(
            key=self.key, window=self.window, count__gt=0
        ).update(count=F("count") - 1)


class LimitReached(Exception):
    """A limit in :func:`hit_all` was full; nothing was counted."""

    def __init__(self, scope: str, rate: Rate):
        super().__init__(f"{scope}: more than {rate.limit} in {rate.seconds} s")
        self.scope = scope
        self.rate = rate


def address_identity(address: str) -> str:
    """Who an IP address counts as: itself for IPv4, its /64 network for IPv6 (one
    household or server is given a whole /64, so single addresses are free to change)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address) + "/64"
    return str(ip)


def key_for(scope: str, identity: str, rate: Rate) -> str:
    digest = salted_hmac("quire.core.ratelimit", f"{scope}\0{identity}", algorithm="sha256")
    return f"{scope[:48]}/{rate.seconds}:{digest.hexdigest()[:40]}"


def hit(scope: str, identity: str, rate: Rate, *, now: datetime | None = None) -> Hit | None:
    """Count one event for ``identity`` under ``scope``; None when the limit is reached
    (and then nothing is counted)."""
    moment = (now or timezone.now()).timestamp()
    window = int(moment // rate.seconds)
    key = key_for(scope, identity, rate)
    db = _db()
    current, allowance = _standing(db, key, rate, moment)
    # A limit already reached costs a read, not a write: what floods it stays cheap. The
    # upsert's own condition is what makes racing hits exact.
    if current >= allowance:
        return None
    expires = _at((window + 2) * rate.seconds)
    params = [key, window, expires, allowance]
    counted = _execute(db, _upsert_sql(db, keep_if="count_below"), params)
    _prune_now_and_then(db, moment)
    return Hit(key, window) if counted else None


def hit_all(hits: Sequence[tuple[str, str, Rate]], *, now: datetime | None = None) -> list[Hit]:
    """Count one event on each ``(scope, identity, rate)``, all or none: raises
    :class:`LimitReached` for the first full one, with the hits before it undone."""
    now = now or timezone.now()
    done: list[Hit] = []
    for scope, identity, rate in hits:
        counted = hit(scope, identity, rate, now=now)
        if counted is None:
            for earlier in done:
                earlier.undo()
            raise LimitReached(scope, rate)
        done.append(counted)
    return done


def peek(scope: str, identity: str, rate: Rate, *, now: datetime | None = None) -> bool:
    """Whether a hit would count now, without counting it."""
    moment = (now or timezone.now()).timestamp()
    current, allowance = _standing(_db(), key_for(scope, identity, rate), rate, moment)
    return current < allowance


def clear(scope: str, identity: str, rate: Rate) -> None:
    """Forget every count for ``identity`` under this scope and rate."""
    RateCounter.objects.using(_db()).filter(key=key_for(scope, identity, rate)).delete()


def once(scope: str, identity: str, seconds: int, *, now: datetime | None = None) -> bool:
    """True the first time ``identity`` is seen under ``scope`` within ``seconds``
    (a single-use token), False every later time; atomic like :func:`hit`."""
    moment = (now or timezone.now()).timestamp()
    key = key_for(scope, identity, Rate(1, seconds))
    db = _db()
    params = [key, 0, _at(moment + seconds), _at(moment)]
    used = _execute(db, _upsert_sql(db, keep_if="expired"), params)
    _prune_now_and_then(db, moment)
    return used


def _db() -> str:
    return router.db_for_write(RateCounter)


def _at(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)


def _standing(db: str, key: str, rate: Rate, moment: float) -> tuple[int, int]:
    """The current window's count, and how high it may go: the limit less the previous
    window's count weighted by how much of that window is still within reach (rounded
    up: the estimate errs towards refusing)."""
    number, offset = divmod(moment, rate.seconds)
    window = int(number)
    rows = RateCounter.objects.using(db).filter(key=key, window__in=[window - 1, window])
    counts = dict(rows.values_list("window", "count"))
    carried = math.ceil(round(counts.get(window - 1, 0) * (1 - offset / rate.seconds), 6))
    return counts.get(window, 0), rate.limit - carried


def _upsert_sql(db: str, *, keep_if: str) -> str:
    """Insert a counter at 1, or on conflict bump it: while it is below the allowance
    (``count_below``), or restart it when it has expired (``expired``, for :func:`once`)."""
    quote = connections[db].ops.quote_name
    table = quote(RateCounter._meta.db_table)
    key, window, count, expires = (quote(f) for f in ("key", "window", "count", "expires_at"))
    if keep_if == "count_below":
        update = f"{count} = {table}.{count} + 1 WHERE {table}.{count} < %s"
    else:
        update = f"{count} = 1, {expires} = excluded.{expires} WHERE {table}.{expires} < %s"
    # Only the model's own quoted names are put in; every value is a parameter.
    return (
        f"INSERT INTO {table} ({key}, {window}, {count}, {expires}) VALUES (%s, %s, 1, %s) "  # noqa: S608
        f"ON CONFLICT ({key}, {window}) DO UPDATE SET {update}"
    )


def _execute(db: str, sql: str, params: list) -> bool:
    """Run an upsert; True when it inserted or updated a row."""
    connection = connections[db]
    adapt = connection.ops.adapt_datetimefield_value
    params = [adapt(p) if isinstance(p, datetime) else p for p in params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount == 1


_next_prune = 0.0


def _prune_now_and_then(db: str, moment: float) -> None:
    global _next_prune
    if time.monotonic() < _next_prune:
        return
    _next_prune = time.monotonic() + PRUNE_SECONDS
    RateCounter.objects.using(db).filter(expires_at__lt=_at(moment)).delete()
