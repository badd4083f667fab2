"""Site-wide middleware."""

import logging

from csp.constants import HEADER, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.http.response import HttpResponseBase
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware
from django.template import loader
from django.urls import NoReverseMatch

ADMIN_PREFIXES = ("/admin/", "/django-admin/")
FORM_ACTION_ATTRIBUTE = "quire_form_action"


def form_action_allow(request, sources: list[str]) -> None:
    """Let this page's forms lead to ``sources`` too (its Content-Security-Policy's
    form-action), e.g. an outside sign-in provider's button."""
    setattr(request, FORM_ACTION_ATTRIBUTE, sources)


logger = logging.getLogger(__name__)


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
        form_targets = getattr(request, FORM_ACTION_ATTRIBUTE, None)
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


class ErrorHeadersMiddleware:
    """First in MIDDLEWARE: error responses carry the security headers too.

    The statistics beacon and the page cache run before the security, frame and CSP
    middleware (so that a beacon or a cache hit skips them). An exception raised in either
    becomes an error page (Django's handler500, or a 400/404) at that layer, outside those
    three, so it left without a policy, ``nosniff`` or ``X-Frame-Options``. Here such a
    response gets them from the same three middleware, as configured; a response that has
    its policy already (every one from further in) is left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.layers = (
            SecurityMiddleware(get_response),
            XFrameOptionsMiddleware(get_response),
            ContentSecurityPolicyMiddleware(get_response),
        )

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.status_code >= 400 and HEADER not in response:
            for layer in self.layers:
                response = layer.process_response(request, response)
        return response


class EditorBadRequestMiddleware:
    """A malformed request to a third-party editor view gets a 400, not a server error.

    Wagtail's and Django's admin views trust what their own pages send: a form without
    its management fields (``KeyError``), an id that is not a number or a page number of
    5,000 digits (``ValueError``), a form field left out that the view reads as text
    (``AttributeError``, ``TypeError``), a ``next`` that is no address (``NoReverseMatch``)
    all end in a 500 when a request is forged, cut short
    or sent by an old tab. Quire's own views parse what they are sent
    (``quire.core.params``) and are not covered here: a fault in one stays a 500. Under
    /admin/ and /django-admin/, for views of other packages only, those exceptions are
    answered with a plain 400 page and logged as errors with their traceback, so a real
    bug is still seen. Deleting what other records protect (a person with payouts) says
    what holds it instead.
    """

    MALFORMED = (
        KeyError,
        ValueError,
        TypeError,
        AttributeError,
        OverflowError,
        ValidationError,
        NoReverseMatch,  # ``redirect(next)`` with a ``next`` that is no address ("0")
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not request.path_info.startswith(ADMIN_PREFIXES) or _quire_view(request):
            return None
        if isinstance(exception, ProtectedError):
            return _bad_request(request, _protected_message(exception))
        if not isinstance(exception, self.MALFORMED):
            return None
        logger.error("Malformed request to %s answered 400", request.path, exc_info=exception)
        return _bad_request(
            request,
            "The editor could not read this request: a field it needs is missing or holds "
            "something it cannot use. Go back, reload the page and try again.",
        )


def _quire_view(request) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    func = match.func
    module = getattr(getattr(func, "view_class", None), "__module__", None) or func.__module__
    return module.startswith("quire.")


def _protected_message(exception) -> str:
    kinds = sorted({str(obj._meta.verbose_name_plural) for obj in exception.protected_objects})
    return (
        "This cannot be deleted while other records depend on it: "
        f"{', '.join(kinds)}. Keep it, or close the account instead of deleting it."
    )


def _bad_request(request, message: str) -> HttpResponse:
    body = loader.get_template("editor_400.html").render(
        {"site_name": settings.QUIRE_SITE_NAME, "message": message}
    )
    return HttpResponse(body, status=400)


class NulMiddleware:
    """No NUL character reaches a view: dropped from the query string, refused in the path.

    No page, search or listing has a use for one, and PostgreSQL refuses NUL in text (a
    ``DataError``, a server error) wherever such a value reaches a lookup: the slug of a
    channel in a search, an app label in an editor URL. A query string keeps the rest of
    what it says (a search for text pasted with a NUL in it is a normal search); a path
    with one names nothing here and is a 400. Form fields refuse NUL already (Django's
    ``ProhibitNullCharactersValidator``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            return HttpResponseBadRequest(
                "This address holds a NUL character, which no page of this site takes.",
                content_type="text/plain; charset=utf-8",
            )
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            query = query.replace("%00", "").replace("\x00", "")
            request.META["QUERY_STRING"] = query
            request.GET = QueryDict(query, encoding=request.encoding)
        return self.get_response(request)
