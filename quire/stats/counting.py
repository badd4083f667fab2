"""What a beacon says, and whether it counts: cheap checks done before anything is stored."""

import hashlib
import hmac
import json
import math
import re
import secrets
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.db import IntegrityError
from django.utils import timezone

from quire.core.params import parse_int

from .models import DailySalt

MAX_BODY = 1024
# More seconds than any reading lasts (a week): a larger figure is not a browser's.
MAX_SECONDS = 7 * 24 * 3600
TARGET = re.compile(r"^([pa])([1-9][0-9]{0,9})$")
TARGET_TYPES = {"p": "page", "a": "profile"}
SLOT = re.compile(r"^[a-z_]{1,20}$")
FILL = re.compile(r"^[a-z0-9-]{1,40}$")

# Crawlers, link previews, monitors and scripted clients. Browsers' own strings never match.
BOTS = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|monitor|"
    r"headless|phantomjs|lighthouse|pingdom|uptime|python-|curl/|wget/|httpclient|"
    r"okhttp|go-http|java/|libwww|scrapy|feedfetcher|feed|validator|^$",
    re.IGNORECASE,
)
TABLET = re.compile(r"ipad|tablet|kindle|silk|playbook|android(?!.*mobile)", re.IGNORECASE)
MOBILE = re.compile(r"mobi|iphone|ipod|android|blackberry|opera mini|windows phone", re.IGNORECASE)


class Refused(Exception):
    """A beacon that is not counted, with the status to answer."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status


@dataclass
class HitData:
    day: str
    target_type: str
    object_id: int
    visitor: str
    kind: str  # "v" a view, "t" engaged time
    seconds: int = 0
    referrer: str = ""
    search: str = ""
    country: str = ""
    device: str = ""
    slot: str = ""  # an ad impression's slot and what filled it ("house" or a network)
    fill: str = ""

    def dumps(self) -> str:
        # By hand: dataclasses.asdict costs more than everything else a beacon does.
        return json.dumps(
            {
                "day": self.day,
                "target_type": self.target_type,
                "object_id": self.object_id,
                "visitor": self.visitor,
                "kind": self.kind,
                "seconds": self.seconds,
                "referrer": self.referrer,
                "search": self.search,
                "country": self.country,
                "device": self.device,
                "slot": self.slot,
                "fill": self.fill,
            },
            separators=(",", ":"),
        )


_salts: dict[str, str] = {}


def day_salt(day: str) -> str:
    salt = _salts.get(day)
    if salt is None:
        row = DailySalt.objects.filter(day=day).first()
        if row is None:
            try:
                row = DailySalt.objects.create(day=day, salt=secrets.token_hex(32))
            except IntegrityError:  # another process made it first
                row = DailySalt.objects.get(day=day)
        _salts.clear()  # only today's is ever needed
        salt = _salts[day] = row.salt
    return salt


def visitor_hash(day: str, address: str, agent: str) -> str:
    message = f"{address}\n{agent}".encode()
    return hmac.new(day_salt(day).encode(), message, hashlib.sha256).hexdigest()[:32]


def is_bot(request) -> bool:
    agent = request.META.get("HTTP_USER_AGENT", "")
    purpose = (
        request.META.get("HTTP_SEC_PURPOSE", "")
        + request.META.get("HTTP_PURPOSE", "")
        + request.META.get("HTTP_X_MOZ", "")
    )
    return bool(BOTS.search(agent) or "prefetch" in purpose.lower())


def device_class(agent: str) -> str:
    if TABLET.search(agent):
        return "tablet"
    if MOBILE.search(agent):
        return "mobile"
    return "desktop"


def referrer_and_search(referrer: str, own_host: str) -> tuple[str, str]:
    """The referring domain ("" for none), and the terms if the site's own search led here."""
    try:
        parts = urlsplit(referrer[:2000])
    except ValueError:
        return "", ""
    try:
        host = (parts.hostname or "").lower().removeprefix("www.")
    except ValueError:
        return "", ""
    if parts.scheme not in ("http", "https") or not host:
        return "", ""
    if host == own_host.lower().removeprefix("www.") and parts.path.rstrip("/") == "/search":
        terms = " ".join(parse_qs(parts.query).get("q", [""])[0].lower().split())[:100]
        return host[:100], terms
    return host[:100], ""


def engaged_seconds(value) -> int:
    """The seconds a reading lasted, as the script sends them (a whole number, which JSON
    may write as 12 or 12.0), or Refused: nothing else is a browser's figure (1e400 reads
    as infinity, NaN as not a number, true as 1)."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    elif isinstance(value, str):
        value = parse_int(value, maximum=MAX_SECONDS)
    if type(value) is not int or not 0 < value <= MAX_SECONDS:
        raise Refused(400, "bad seconds")
    return value


def parse_beacon(request) -> HitData:
    """Read a beacon (POST body from the script, or the no-script image's query) or raise
    Refused. Never reads more than MAX_BODY bytes."""
    if request.method == "POST":
        length = parse_int(request.META.get("CONTENT_LENGTH") or "0")
        if length is None:
            raise Refused(400, "bad length")
        if length > MAX_BODY:
            raise Refused(413, "too large")
        try:
            data = json.loads(request.read(MAX_BODY) or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise Refused(400, "not JSON") from None
        if not isinstance(data, dict):
            raise Refused(400, "not an object")
    else:
        data = {"t": request.GET.get("t", ""), "k": "v", "r": request.GET.get("r", "")}
    match = TARGET.match(str(data.get("t", "")))
    if not match:
        raise Refused(400, "unknown page")
    kind = data.get("k", "v")
    if kind not in ("v", "t", "i"):
        raise Refused(400, "unknown kind")
    slot = fill = ""
    if kind == "i":
        slot, fill = str(data.get("a", "")), str(data.get("f", ""))
        if not SLOT.match(slot) or not FILL.match(fill):
            raise Refused(400, "bad ad slot")
    seconds = 0
    if kind == "t":
        seconds = min(engaged_seconds(data.get("s")), settings.QUIRE_STATS_ENGAGED_CAP)
    agent = request.META.get("HTTP_USER_AGENT", "")[:500]
    address = request.META.get("REMOTE_ADDR", "")
    day = timezone.localdate().isoformat()
    referrer, search = "", ""
    if kind == "v":
        # The raw Host header is only compared with the referrer, never trusted.
        own_host = (request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME", "")).rsplit(
            ":", 1
        )[0]
        referrer, search = referrer_and_search(str(data.get("r", "")), own_host)
    country = ""
    if settings.QUIRE_STATS_COUNTRY_HEADER:
        meta = "HTTP_" + settings.QUIRE_STATS_COUNTRY_HEADER.upper().replace("-", "_")
        country = request.META.get(meta, "")[:2].upper()
        country = country if country.isalpha() else ""
    return HitData(
        day=day,
        target_type=TARGET_TYPES[match.group(1)],
        object_id=int(match.group(2)),
        visitor=visitor_hash(day, address, agent),
        kind=kind,
        seconds=seconds,
        referrer=referrer,
        search=search,
        country=country,
        device=device_class(agent) if kind == "v" else "",
        slot=slot,
        fill=fill,
    )
