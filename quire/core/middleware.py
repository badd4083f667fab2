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
