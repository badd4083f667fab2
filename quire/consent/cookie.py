"""The consent cookie: what a visitor allowed, readable by the page's script, signed by
the server so that the server can tell a forged one.

Format (no spaces): ``v1|<visitor id>|<registry version>|<unix time>|<keys>|<signature>``
where ``<keys>`` are the allowed services' keys joined with ".". The page's script reads
it without a request, so cached pages stay identical for everyone; the server drops a
cookie whose signature is wrong (see :class:`~quire.consent.middleware.ConsentMiddleware`).
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils.crypto import constant_time_compare, salted_hmac

COOKIE_NAME = "quire_consent"
REGION_COOKIE = "quire_region"
SALT = "quire.consent.cookie"
PATTERN = re.compile(
    r"v1\|(?P<visitor>[0-9a-f]{32})\|(?P<version>[0-9]{1,9})\|(?P<issued>[0-9]{1,12})"
    r"\|(?P<keys>(?:[a-z0-9_-]{1,40}(?:\.[a-z0-9_-]{1,40})*)?)\|(?P<sig>[0-9a-f]{32})"
)


@dataclass(frozen=True)
class Consent:
    visitor_id: str
    version: int
    issued: datetime
    allowed: frozenset[str]


def _sign(payload: str) -> str:
    return salted_hmac(SALT, payload, algorithm="sha256").hexdigest()[:32]


def make(visitor_id: str, version: int, allowed, issued: datetime) -> str:
    keys = ".".join(sorted(set(allowed)))
    payload = f"v1|{visitor_id}|{version}|{int(issued.timestamp())}|{keys}"
    return f"{payload}|{_sign(payload)}"


def parse(value: str | None) -> Consent | None:
    """The consent in a cookie, or None when it is missing, malformed or forged."""
    if not value or len(value) > 3000:
        return None
    match = PATTERN.fullmatch(value)
    if match is None:
        return None
    payload = value.rsplit("|", 1)[0]
    if not constant_time_compare(_sign(payload), match["sig"]):
        return None
    try:
        issued = datetime.fromtimestamp(int(match["issued"]), tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    keys = match["keys"]
    return Consent(
        visitor_id=match["visitor"],
        version=int(match["version"]),
        issued=issued,
        allowed=frozenset(keys.split(".")) if keys else frozenset(),
    )
