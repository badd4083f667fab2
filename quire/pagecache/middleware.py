"""Serve anonymous readers' pages from the page cache, before anything else runs.

Placed right after the statistics beacon: a hit skips sessions, authentication, messages,
CSRF and the view, which a page that is the same for everyone does not need.

A request is looked up when it is a GET or HEAD, carries no session or messages cookie
(signed-in readers, and anonymous ones with something personal pending, always get a
fresh page), and its query string has only parameters a page knows (``page``,
``comments``), each a page number as the views read it (quire/core/params.py), or ids
under a name in ``QUIRE_PAGE_CACHE_LIST_PARAMETERS`` (up to 60: the hubs whose counts a
page asks for); anything else is passed through untouched. A response is kept when its
view marked it :func:`~quire.pagecache.cacheable`, it is a complete 200 without cookies,
and no invalidation happened while it was rendered.

In production the WSGI application is wrapped in :class:`PageCacheApplication` (see
quire/wsgi.py), which answers the plainest hits before Django is even entered.

Every response this middleware answers from the cache carries ``Cache-Control`` (a short
``s-maxage`` for a reverse proxy, revalidation for browsers), a weak ``ETag`` and
``Last-Modified``; conditional requests get 304. Pages are stored already compressed
(gzip and brotli); other responses are gzipped by Django's GZipMiddleware here.
"""

from __future__ import annotations

import functools
import logging
import time
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_cache_control
from django.utils.module_loading import import_string

from quire.core.params import MAX_ID, MAX_PAGE, parse_int

from . import TAGS_ATTRIBUTE, keepable
from .store import make_entry, page_store

logger = logging.getLogger(__name__)

KNOWN_PARAMETERS = frozenset(["page", "comments"])
# A parameter named in QUIRE_PAGE_CACHE_LIST_PARAMETERS may come again and again, each an
# id (the hubs whose counts a page asks for): at most this many.
MAX_LIST_VALUES = 60
_NOT_CACHED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/accounts/",
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
    "text/plain",
    "text/xml",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/json",
)


# What is worth gzipping on the way out (anything else is compressed already, or tiny).
_COMPRESSIBLE_TYPES = (
    *_CACHEABLE_TYPES,
    "text/",
    "application/json",
    "application/javascript",
    "image/svg+xml",
)


class PageCache:
    """What the middleware and the WSGI front share: the key of a request (from its WSGI
    environ, so both compute the same) and the status, headers and body of a cached page."""

    def __init__(self):
        self.enabled = settings.QUIRE_PAGE_CACHE
        self.proxy_seconds = settings.QUIRE_PAGE_CACHE_PROXY_SECONDS
        self.timeout = settings.QUIRE_PAGE_CACHE_SECONDS
        self.cache_control = f"public, max-age=0, s-maxage={self.proxy_seconds}"
        # Any of these cookies means something personal may be on the page.
        self.cookie_marks = (f"{settings.SESSION_COOKIE_NAME}=", "messages=")
        self.skip_prefixes = (*_NOT_CACHED_PREFIXES, settings.STATIC_URL, settings.MEDIA_URL)
        self.proxy_ssl_header = settings.SECURE_PROXY_SSL_HEADER
        self.list_parameters = frozenset(settings.QUIRE_PAGE_CACHE_LIST_PARAMETERS)

    def key(self, environ) -> str | None:
        if not self.enabled or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return None
        path = environ.get("PATH_INFO", "/")
        if path.startswith(self.skip_prefixes):
            return None
        cookies = environ.get("HTTP_COOKIE")
        if cookies and any(mark in cookies for mark in self.cookie_marks):
            return None
        query = environ.get("QUERY_STRING", "")
        if query:
            parameters = []
            seen = set()
            listed = 0
            for name, value in parse_qsl(query, keep_blank_values=True):
                if name in self.list_parameters:
                    listed += 1
                    if listed > MAX_LIST_VALUES:
                        return None
                elif name not in KNOWN_PARAMETERS or name in seen:
                    return None
                # Only numbers the views read as numbers, the same way (quire/core/params):
                # one key per page shown; anything else is rendered, never kept.
                largest = MAX_ID if name in self.list_parameters else MAX_PAGE
                number = parse_int(value, minimum=1, maximum=largest)
                if number is None:
                    return None
                seen.add(name)
                parameters.append(f"{name}={number}")
            query = "&".join(sorted(parameters))
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        return f"{self.scheme(environ)}://{host}{environ.get('SCRIPT_NAME', '')}{path}?{query}"

    def scheme(self, environ) -> str:
        # As HttpRequest.scheme reads it.
        if self.proxy_ssl_header:
            header, secure_value = self.proxy_ssl_header
            value = environ.get(header)
            if value is not None:
                return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
        return environ.get("wsgi.url_scheme", "http")

    def answer(self, environ, entry, outcome: str) -> tuple[int, list[tuple[str, str]], bytes]:
        """A cached page as (status, headers, body) for this request."""
        if _not_modified(environ, entry):
            return (
                304,
                [
                    ("ETag", entry.etag),
                    ("Last-Modified", entry.last_modified),
                    ("Cache-Control", self.cache_control),
                    ("Vary", "Accept-Encoding"),
                ],
                b"",
            )
        body, encoding = _encoded(entry, environ.get("HTTP_ACCEPT_ENCODING", ""))
        headers = [
            *entry.headers,
            ("Content-Length", str(len(body))),
            ("Vary", "Accept-Encoding"),
            ("Cache-Control", self.cache_control),
            ("ETag", entry.etag),
            ("Last-Modified", entry.last_modified),
            ("X-Quire-Cache", outcome),
        ]
        if encoding:
            headers.append(("Content-Encoding", encoding))
        return 200, headers, b"" if environ.get("REQUEST_METHOD") == "HEAD" else body

    @staticmethod
    def storable(response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if response.has_header("Content-Encoding"):
            return False
        cache_control = response.get("Cache-Control", "")
        if "private" in cache_control or "no-store" in cache_control:
            return False
        return response.get("Content-Type", "").startswith(_CACHEABLE_TYPES)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.gzip = GZipMiddleware(get_response)
        self.cache = PageCache()

    def __call__(self, request: HttpRequest):
        cache = self.cache
        key = cache.key(request.META)
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
                _hooks().on_cached_response(request, response)
                return response
        sequence = generations.sequence
        response = self.get_response(request)
        tags = getattr(response, TAGS_ATTRIBUTE, None)
        if not (tags and usable and cache.storable(response)):
            return self.passed_through(request, response)
        snapshot = generations.snapshot(tags)
        entry = make_entry(response, snapshot, time.time())
        if generations.sequence == sequence and keepable(tags):
            store.put(key, entry, cache.timeout)
        return self.respond(request, entry, "miss", response)

    def key(self, request: HttpRequest) -> str | None:
        return self.cache.key(request.META)

    def respond(self, request: HttpRequest, entry, outcome: str, rendered=None):
        status, headers, body = self.cache.answer(request.META, entry, outcome)
        response = HttpResponse(body, status=status, headers=headers)
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
        if not response.get("Content-Type", "").startswith(_COMPRESSIBLE_TYPES):
            return response  # a zip, a picture: compressed already
        return self.gzip.process_response(request, response)


class PageCacheApplication:
    """The WSGI application, with cache hits answered before Django is entered.

    A hit for a request without cookies that concern a cached page (consent, region) is
    sent from here: no request object, no signals, no middleware. Everything else (misses,
    and hits whose consent cookies need upkeep) goes to Django, where
    :class:`PageCacheMiddleware` finds the same entries under the same keys."""

    _REASONS = {200: "200 OK", 304: "304 Not Modified"}

    def __init__(self, application):
        self.application = application
        self.cache = None

    def __call__(self, environ, start_response):
        cache = self.cache
        if cache is None:
            cache = self.cache = PageCache()
        try:
            answer = self.hit(cache, environ)
        except Exception:
            logger.exception("The page cache failed; Django answers instead")
            answer = None
        if answer is not None:
            status, headers, body = answer
            start_response(self._REASONS[status], headers)
            return [body]
        return self.application(environ, start_response)

    @staticmethod
    def hit(cache: PageCache, environ):
        key = cache.key(environ)
        if key is None:
            return None
        cookies = environ.get("HTTP_COOKIE", "")
        hooks = _hooks()
        if any(name in cookies for name in hooks.personal_cookies):
            return None
        store = page_store()
        if not store.generations.healthy or hooks.bypass():
            return None
        entry = store.get(key)
        if entry is None:
            return None
        return cache.answer(environ, entry, "hit")


class _Hooks:
    """What the page cache needs from the features above it, named by settings rather than
    imported (this package imports nothing of theirs)."""

    def __init__(self):
        self.personal_cookies = tuple(f"{n}=" for n in settings.QUIRE_PAGE_CACHE_PERSONAL_COOKIES)
        self.bypass = import_string(settings.QUIRE_PAGE_CACHE_BYPASS)
        self.on_cached_response = import_string(settings.QUIRE_PAGE_CACHE_ON_CACHED_RESPONSE)


@functools.cache
def _hooks() -> _Hooks:
    return _Hooks()


@receiver(setting_changed)
def _settings_changed(setting, **kwargs) -> None:
    if setting.startswith("QUIRE_PAGE_CACHE_"):
        _hooks.cache_clear()


def _not_modified(environ, entry) -> bool:
    tags = environ.get("HTTP_IF_NONE_MATCH")
    if tags is not None:
        wanted = {t.strip().removeprefix("W/") for t in tags.split(",")}
        return "*" in wanted or entry.etag.removeprefix("W/") in wanted
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
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
