"""The beacon endpoint, answered by the first middleware: no session, no user, no CSRF
token, no cookie; a few checks, one hash and one write to the buffer."""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from . import buffer
from .counting import Refused, is_bot, parse_beacon

logger = logging.getLogger(__name__)

BEACON_PATH = "/stats/hit"
# A transparent 1×1 GIF for the no-script image.
PIXEL = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\x00\x00\x00!\xf9\x04\x01\x00\x00\x00"
    b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
ROLL_UP_MARK = "stats:roll-up-queued"


def _answer(request, status: int = 204) -> HttpResponse:
    if request.method == "GET" and status < 400:
        response = HttpResponse(PIXEL, content_type="image/gif")
    else:
        response = HttpResponse(status=status)
        # A refused beacon is routine (junk from a script, a flood): Django's request log
        # would write a warning for each; the status says enough.
        response._has_been_logged = True
    response["Cache-Control"] = "no-store"
    return response


class _Rate:
    """Beacons per address in the current minute, counted in this process: no network
    round trip per beacon. With several workers a flood is cut at that many times the
    limit, which is still cheap to absorb."""

    def __init__(self):
        self.minute = -1
        self.counts: dict[str, int] = {}

    def over(self, address: str) -> bool:
        minute = int(time.monotonic() // 60)
        if minute != self.minute:
            self.minute, self.counts = minute, {}
        count = self.counts.get(address, 0) + 1
        self.counts[address] = count
        return count > settings.QUIRE_STATS_RATE_PER_MINUTE


_rate = _Rate()
_scheduled_until = 0.0


def _over_rate(request) -> bool:
    """At most QUIRE_STATS_RATE_PER_MINUTE beacons a minute from one address."""
    return _rate.over(request.META.get("REMOTE_ADDR", ""))


def _roll_up_soon() -> None:
    """The first beacon of a window schedules one roll-up at the window's end, which
    counts every beacon of the window. Each process asks the shared cache at most once a
    window."""
    global _scheduled_until
    seconds = settings.QUIRE_STATS_ROLL_UP_SECONDS
    now = time.monotonic()
    if now < _scheduled_until:
        return
    _scheduled_until = now + seconds
    if cache.add(ROLL_UP_MARK, 1, seconds):
        from datetime import timedelta

        from django.utils import timezone

        from .tasks import stats_roll_up_task

        when = timezone.now() + timedelta(seconds=seconds)
        stats_roll_up_task.using(run_after=when).enqueue()


def beacon(request) -> HttpResponse:
    if request.method not in ("POST", "GET"):
        return _answer(request, 405 if request.method != "HEAD" else 204)
    # Other sites' pages cannot count here (browsers say where a request comes from).
    if request.META.get("HTTP_SEC_FETCH_SITE", "same-origin") not in ("same-origin", "none"):
        return _answer(request)
    if is_bot(request):
        return _answer(request)
    if _over_rate(request):
        return _answer(request, 429)
    try:
        hit = parse_beacon(request)
    except Refused as refused:
        return _answer(request, refused.status)
    buffer.push(hit.dumps())
    _roll_up_soon()
    return _answer(request)


class StatsBeaconMiddleware:
    """First in MIDDLEWARE (after the error headers' guard): answers the beacon and passes
    everything else on untouched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != BEACON_PATH:
            return self.get_response(request)
        try:
            return beacon(request)
        except Exception:  # counting must never break anything, nor answer 500
            logger.exception("Statistics beacon failed")
            return _answer(request, 204)
