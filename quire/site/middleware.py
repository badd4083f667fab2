"""Middleware that needs the layers below it (the page cache's memo)."""

from django.http import HttpRequest
from django.http.response import HttpResponseBase

from quire.core import compat
from quire.core.middleware import ADMIN_PREFIXES
from quire.pagecache import layout_memo


class SiteMiddleware:
    """Wagtail looks the request's Site up with a query on every request (and its home page
    with another); sites change rarely, so each process keeps them, with their home pages,
    until the layout changes (quire/pagecache)."""

    MAX_HOSTS = 64  # requests naming other hosts are looked up each time

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path_info.startswith(ADMIN_PREFIXES):
            compat.site_remember(request, self.site_for(request))
        return self.get_response(request)

    def site_for(self, request: HttpRequest):
        known = layout_memo("wagtail-sites", dict)
        key = compat.site_key(request)
        if key in known:
            return known[key]
        site = compat.site_find(request)
        if site is not None:
            site.root_page = site.root_page.specific
        if len(known) < self.MAX_HOSTS:
            known[key] = site
        return site
