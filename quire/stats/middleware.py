"""The beacon endpoint, answered by the first middleware: no session, no user, no CSRF
token, no cookie; a few checks, one hash and one write to the buffer."""

import logging

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
    response["Cache-Control"] = "no-store"
    return response


def _over_rate(request) -> bool:
    """At most QUIRE_STATS_RATE_PER_MINUTE beacons a minute from one address."""
    key = f"stats:rate:{request.META.get('REMOTE_ADDR', '')}"
    if cache.add(key, 1, 60):
        return False
    try:
        return cache.incr(key) > settings.QUIRE_STATS_RATE_PER_MINUTE
    except ValueError:  # expired between add and incr
        return False


def _roll_up_soon() -> None:
    """The first beacon of a window schedules one roll-up at the window's end, which
    counts every beacon of the window."""
    seconds = settings.QUIRE_STATS_ROLL_UP_SECONDS
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
    """First in MIDDLEWARE: answers the beacon and passes everything else on untouched."""

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
