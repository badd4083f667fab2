"""Serve anonymous readers' pages from the page cache, before anything else runs.

Placed right after the statistics beacon: a hit skips sessions, authentication, messages,
CSRF and the view, which a page that is the same for everyone does not need.

A request is looked up when it is a GET or HEAD, carries no session or messages cookie
(signed-in readers, and anonymous ones with something personal pending, always get a
fresh page), and its query string has only parameters a page knows (``page``,
``comments``) with short numeric values; anything else is passed through untouched. A
response is kept when its view marked it :func:`~quire.pagecache.cacheable`, it is a
complete 200 without cookies, and no invalidation happened while it was rendered.

Every response this middleware answers from the cache carries ``Cache-Control`` (a short
``s-maxage`` for a reverse proxy, revalidation for browsers), a weak ``ETag`` and
``Last-Modified``; conditional requests get 304. Pages are stored already compressed
(gzip and brotli); other responses are gzipped by Django's GZipMiddleware here.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_cache_control

from quire.consent.middleware import adjust_cookies

from . import TAGS_ATTRIBUTE
from .store import make_entry, page_store

KNOWN_PARAMETERS = frozenset(["page", "comments"])
_NOT_CACHED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/accounts/",
    "/authors/follow",
    "/comments/",
    "/privacy/",
    "/write/",
    "/search/",
    "/stats/",
    "/go/",
    "/ads/",
    "/documents/",
)
_CACHEABLE_TYPES = (
    "text/html",
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "text/plain",
)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.gzip = GZipMiddleware(get_response)
        self.enabled = settings.QUIRE_PAGE_CACHE
        self.proxy_seconds = settings.QUIRE_PAGE_CACHE_PROXY_SECONDS
        self.timeout = settings.QUIRE_PAGE_CACHE_SECONDS
        self.cookie_names = (settings.SESSION_COOKIE_NAME, "messages")
        self.skip_prefixes = (
            *_NOT_CACHED_PREFIXES,
            settings.STATIC_URL,
            settings.MEDIA_URL,
        )

    def __call__(self, request: HttpRequest):
        key = self.key(request) if self.enabled else None
        if key is None:
            return self.passed_through(request, self.get_response(request))
        store = page_store()
        generations = store.generations
        usable = generations.healthy
        if usable:
            entry = store.get(key)
            if entry is not None:
                response = self.respond(request, entry, "hit")
                # The one middleware whose work a cached page still needs: the consent
                # cookies' upkeep (a forged cookie dropped, the visitor's region).
                adjust_cookies(request, response)
                return response
        sequence = generations.sequence
        response = self.get_response(request)
        tags = getattr(response, TAGS_ATTRIBUTE, None)
        if not (tags and usable and self.storable(response)):
            return self.passed_through(request, response)
        snapshot = generations.snapshot(tags)
        entry = make_entry(response, snapshot, time.time())
        if generations.sequence == sequence:
            store.put(key, entry, self.timeout)
        return self.respond(request, entry, "miss", response)

    def key(self, request: HttpRequest) -> str | None:
        if request.method not in ("GET", "HEAD"):
            return None
        path = request.path
        if path.startswith(self.skip_prefixes):
            return None
        if "HTTP_COOKIE" in request.META:
            cookies = request.COOKIES
            for name in self.cookie_names:
                if name in cookies:
                    return None
        query = request.META.get("QUERY_STRING", "")
        if query:
            parameters = []
            for name, values in request.GET.lists():
                if name not in KNOWN_PARAMETERS or len(values) != 1:
                    return None
                value = values[0]
                if not (value.isdigit() and len(value) <= 6):
                    return None
                parameters.append(f"{name}={int(value)}")
            query = "&".join(sorted(parameters))
        host = request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME", "")
        return f"{request.scheme}://{host}{path}?{query}"

    @staticmethod
    def storable(response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if response.has_header("Content-Encoding"):
            return False
        if "private" in response.get("Cache-Control", "") or "no-store" in response.get(
            "Cache-Control", ""
        ):
            return False
        content_type = response.get("Content-Type", "")
        return content_type.startswith(_CACHEABLE_TYPES)

    def respond(self, request: HttpRequest, entry, outcome: str, rendered=None):
        cache_control = f"public, max-age=0, s-maxage={self.proxy_seconds}"
        if _not_modified(request, entry):
            response = HttpResponseNotModified()
            response["ETag"] = entry.etag
            response["Last-Modified"] = entry.last_modified
            response["Cache-Control"] = cache_control
            response["Vary"] = "Accept-Encoding"
            return response
        body, encoding = _encoded(entry, request.META.get("HTTP_ACCEPT_ENCODING", ""))
        response = HttpResponse(b"" if request.method == "HEAD" else body, headers=entry.headers)
        if encoding:
            response["Content-Encoding"] = encoding
        response["Content-Length"] = str(len(body))
        response["Vary"] = "Accept-Encoding"
        response["Cache-Control"] = cache_control
        response["ETag"] = entry.etag
        response["Last-Modified"] = entry.last_modified
        response["X-Quire-Cache"] = outcome
        if rendered is not None:
            # The rendered response's own extras (its context, for tests) stay reachable.
            for name in ("context", "templates", "context_data", "resolver_match"):
                if hasattr(rendered, name):
                    setattr(response, name, getattr(rendered, name))
        return response

    def passed_through(self, request: HttpRequest, response):
        if settings.SESSION_COOKIE_NAME in request.COOKIES and not response.has_header(
            "Cache-Control"
        ):
            # A signed-in reader's page: for their browser only.
            patch_cache_control(response, private=True, no_cache=True)
        return self.gzip.process_response(request, response)


def _not_modified(request: HttpRequest, entry) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    tags = request.META.get("HTTP_IF_NONE_MATCH")
    if tags is not None:
        wanted = {t.strip().removeprefix("W/") for t in tags.split(",")}
        return "*" in wanted or entry.etag.removeprefix("W/") in wanted
    since = request.META.get("HTTP_IF_MODIFIED_SINCE")
    return since is not None and since == entry.last_modified


def _encoded(entry, accept: str) -> tuple[bytes, str | None]:
    if not accept or entry.gzip is None:
        return entry.body, None
    offered = {}
    for part in accept.split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        offered[name.strip().lower()] = quality
    if offered.get("br", 0) > 0:
        return entry.br, "br"
    if offered.get("gzip", 0) > 0 or offered.get("*", 0) > 0:
        return entry.gzip, "gzip"
    return entry.body, None
