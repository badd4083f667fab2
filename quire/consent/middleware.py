"""Consent on every response, without touching the cached page itself."""

from django.http import HttpRequest
from django.http.response import HttpResponseBase

from . import cookie
from .selectors import registry

# The EEA, the United Kingdom and Switzerland: opt-in by law.
OPT_IN_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
        "IS",
        "LI",
        "NO",
        "GB",
        "UK",
        "CH",
    ]
)


class ConsentMiddleware:
    """Drops a forged or malformed consent cookie (the page's script then sees none and
    asks again), and, when the operator trusts a country header, tells the script with a
    small cookie whether the visitor is in an opt-out country."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        adjust_cookies(request, response)
        return response


def adjust_cookies(request: HttpRequest, response: HttpResponseBase) -> None:
    """The consent cookies' upkeep on any response, a cached page's included."""
    raw = request.COOKIES.get(cookie.COOKIE_NAME)
    replaced = cookie.COOKIE_NAME in response.cookies  # a new choice was just made
    if raw is not None and not replaced and cookie.parse(raw) is None:
        response.delete_cookie(cookie.COOKIE_NAME, samesite="Lax")
    header = registry().country_header
    if header:
        region = _region(request, header)
        if region and request.COOKIES.get(cookie.REGION_COOKIE) != region:
            response.set_cookie(
                cookie.REGION_COOKIE, region, max_age=30 * 24 * 3600, samesite="Lax"
            )
    elif cookie.REGION_COOKIE in request.COOKIES:
        response.delete_cookie(cookie.REGION_COOKIE, samesite="Lax")


def _region(request: HttpRequest, header: str) -> str | None:
    country = request.headers.get(header, "").strip().upper()
    if len(country) != 2 or not country.isalpha():
        return None  # unknown: stay with opt-in
    return "in" if country in OPT_IN_COUNTRIES else "out"
