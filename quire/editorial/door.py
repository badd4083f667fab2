"""The author center's door: who may enter the editor (/admin/), and where the others go.

Wagtail turns away a signed-in person who may not use the editor by sending them to the
sign-in page (``WAGTAILADMIN_LOGIN_URL``) with the editor's address as ``next``, and the
sign-in page sends a signed-in person straight on to ``next``: an endless loop for every
reader who opens an editor link from an email or a bookmark. ``entrance_refusal`` sends
them instead to the author center's own page (``views.author_center``), which says what
the author center is and how to become an author, or why their account may not enter.

Wagtail's own sign-in form (/admin/login/) is not used: it would skip the site's sign-in,
its rate limits and its two-factor step. Visitors who open it go to the site's sign-in.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponseForbidden, HttpResponseRedirect
from django.urls import reverse

from quire.accounts import roles
from quire.core.urls_next import MAX_NEXT_LENGTH, local_next

ACCESS_ADMIN = "wagtailadmin.access_admin"
# Editor URLs Wagtail opens to everyone: its icons, its translations, its password reset.
OPEN_TO_ALL = frozenset(
    {
        "wagtailadmin_sprite",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_password_reset",
        "wagtailadmin_password_reset_done",
        "wagtailadmin_password_reset_confirm",
        "wagtailadmin_password_reset_complete",
    }
)
WAGTAIL_SIGN_IN = "wagtailadmin_login"
# Longer addresses are not carried along as ``next`` (no editor link is this long).

VISITOR = "visitor"
READER = "reader"
CLOSED = "closed"
NO_ACCESS = "no_access"


def may_enter(user) -> bool:
    """Wagtail's own test for the editor (``require_admin_access``)."""
    return user.is_authenticated and user.has_perm(ACCESS_ADMIN)


def entrance_reason(user) -> str:
    """Why ``user`` is not in the author center: a visitor, a closed account, a reader, or
    an author whose account may not use the editor (its permission was taken away)."""
    if not user.is_authenticated:
        return VISITOR
    if not user.is_active:
        return CLOSED
    if roles.is_author(user):
        return NO_ACCESS
    return READER


def safe_next(request) -> str | None:
    """The editor address in ``?next=``, when it is one of this site's editor pages."""
    return local_next(request, request.GET.get("next", ""), under="/admin/")


def with_next(url: str, target: str | None) -> str:
    return f"{url}?{urlencode({'next': target})}" if target else url


def entrance_refusal(request, match):
    """Where a request for the editor goes instead of Wagtail's view, or None to let it in.

    Visitors keep Wagtail's way to the sign-in page; people signed in who may not enter go
    to the author center's page, once, with the address they asked for as ``next``.
    """
    if match.view_name in OPEN_TO_ALL:
        return None
    user = request.user
    if match.view_name == WAGTAIL_SIGN_IN and not user.is_authenticated:
        return HttpResponseRedirect(with_next(reverse("account_login"), safe_next(request)))
    if not user.is_authenticated or may_enter(user):
        return None
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return HttpResponseForbidden("The author center is for authors.")
    asked_for = request.get_full_path()
    if match.view_name == WAGTAIL_SIGN_IN:
        asked_for = safe_next(request)
    elif len(asked_for) > MAX_NEXT_LENGTH:
        asked_for = None
    return HttpResponseRedirect(with_next(reverse("author_center"), asked_for))
