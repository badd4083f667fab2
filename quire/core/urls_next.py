"""The one check of every address a request asks to be sent on to (``?next=``)."""

from django.utils.http import url_has_allowed_host_and_scheme

MAX_NEXT_LENGTH = 2000


def local_next(request, target: str | None, *, under: str = "/") -> str | None:
    """``target`` when it is an address on this site (below ``under``), else None: never
    another site, however it is spelled, and never longer than an address needs to be."""
    if not target or len(target) > MAX_NEXT_LENGTH or not target.startswith(under):
        return None
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else None
