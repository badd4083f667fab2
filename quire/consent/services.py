"""Recording consent: every choice becomes a signed cookie and an append-only record (at
most ``QUIRE_CONSENT_RECORDS_PER_ADDRESS`` records from one address in ten minutes)."""

import ipaddress
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from quire.core import ratelimit
from quire.core.errors import UserError

from . import cookie, tasks
from .models import Category, ConsentRecord, ConsentSettings
from .selectors import registry

PRUNE_MARK = "consent:pruned-recently"
RECORD_WINDOW = 10 * 60  # seconds: QUIRE_CONSENT_RECORDS_PER_ADDRESS counts in this window


class ConsentError(UserError):
    """A consent choice that cannot be recorded; the message says why."""


@dataclass(frozen=True)
class Recorded:
    record: ConsentRecord  # unsaved when ``stored`` is False
    cookie_value: str
    max_age: int
    stored: bool = True


def ip_prefix(address: str | None) -> str:
    """The address without its last part: a /24 for IPv4, a /48 for IPv6."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


def consent_record(
    *,
    action: str,
    current: cookie.Consent | None = None,
    categories: list[str] | None = None,
    service_key: str = "",
    gpc: bool = False,
    ip_address: str | None = None,
) -> Recorded:
    """Record a visitor's choice and return the cookie that carries it.

    ``accept_all`` allows every optional service (Marketing stays off under Global
    Privacy Control), ``reject_all`` none, ``custom`` the services in ``categories``,
    ``allow_service`` adds one service to what the visitor already allowed.
    """
    reg = registry()
    optional = reg.optional
    current = current if current and current.version == reg.version else None
    if action == ConsentRecord.Action.ACCEPT_ALL:
        allowed = {s.key for s in optional if not (gpc and s.category == Category.MARKETING)}
    elif action == ConsentRecord.Action.REJECT_ALL:
        allowed = set()
    elif action == ConsentRecord.Action.CUSTOM:
        chosen = set(categories or []) - {Category.NECESSARY}
        if gpc:
            chosen.discard(Category.MARKETING)
        allowed = {s.key for s in optional if s.category in chosen}
    elif action == ConsentRecord.Action.ALLOW_SERVICE:
        service = reg.get(service_key)
        if service is None or service.category == Category.NECESSARY:
            raise ConsentError("That service is not one this site uses.")
        allowed = set(current.allowed if current else ()) | {service.key}
    else:
        raise ConsentError("Unknown choice.")
    allowed &= {s.key for s in optional}
    visitor_id = current.visitor_id if current else secrets.token_hex(16)
    now = timezone.now()
    record = ConsentRecord(
        visitor_id=visitor_id,
        action=action,
        choices={s.key: s.key in allowed for s in optional},
        registry_version=reg.version,
        gpc=gpc,
        ip_prefix=ip_prefix(ip_address),
        created_at=now,
    )
    stored = _may_store(ip_address, now)
    if stored:
        with transaction.atomic():
            record.save()
        _prune_now_and_then()
    return Recorded(
        record=record,
        cookie_value=cookie.make(visitor_id, reg.version, allowed, now),
        max_age=int(timedelta(days=30 * reg.consent_months).total_seconds()),
        stored=stored,
    )


def _may_store(ip_address: str | None, now) -> bool:
    """Records are bounded per address (anyone can post choices without end); past the
    bound the choice still applies, in the visitor's cookie, without a new record."""
    rate = ratelimit.Rate(settings.QUIRE_CONSENT_RECORDS_PER_ADDRESS, RECORD_WINDOW)
    identity = ratelimit.address_identity(ip_address or "")
    return ratelimit.hit("consent.record", identity, rate, now=now) is not None


def _prune_now_and_then() -> None:
    """Old records are deleted by a background task, queued at most once a day."""
    if cache.add(PRUNE_MARK, True, 24 * 3600):
        transaction.on_commit(lambda: tasks.prune_consent_records.enqueue())


def consent_records_prune() -> int:
    days = ConsentSettings.load().record_retention_days
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = ConsentRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
