"""Site-wide middleware."""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest
from django.http.response import HttpResponseBase

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with one relaxation for the editing interface.

    Reader pages keep the strict policy from settings. Wagtail's admin sets inline styles
    from its scripts (editor toolbars, choosers, previews), so under /admin/ style and script
    sources also allow 'unsafe-inline', and the editor may frame its own preview. No
    third-party origin is allowed there either.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        # A page whose form leads to an outside sign-in provider (quire_accounts tags).
        form_targets = getattr(request, "_quire_form_action", None)
        if form_targets:
            parts.update = {**(parts.update or {}), "form-action": form_targets}
        if request.path_info.startswith(ADMIN_PREFIXES):
            # A hub's preview keeps the hosts of the services it embeds.
            embedded = [s for s in (parts.replace or {}).get("frame-src", []) if s != "'none'"]
            parts.replace = {
                **(parts.replace or {}),
                "style-src": ["'self'", UNSAFE_INLINE],
                "script-src": ["'self'", UNSAFE_INLINE],
                # The page editor shows its live preview in a same-origin frame.
                "frame-src": ["'self'", *embedded],
                "frame-ancestors": ["'self'"],
            }
            # A nonce in script-src would make browsers ignore 'unsafe-inline'.
            parts.nonce = None
        return parts


class SiteMiddleware:
    """Wagtail looks the request's Site up with a query on every request (and its home page
    with another); sites change rarely, so each process keeps them, with their home pages,
    until the layout changes (quire/pagecache)."""

    MAX_HOSTS = 64  # requests naming other hosts are looked up each time

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path_info.startswith(ADMIN_PREFIXES):
            request._wagtail_site = self.site_for(request)
        return self.get_response(request)

    def site_for(self, request: HttpRequest):
        from wagtail.models import Site

        from quire.pagecache import layout_memo

        known = layout_memo("wagtail-sites", dict)
        key = (request._get_raw_host(), request.get_port())
        if key in known:
            return known[key]
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page = site.root_page.specific
        if len(known) < self.MAX_HOSTS:
            known[key] = site
        return site
