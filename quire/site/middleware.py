"""Middleware that needs the layers below it: the page cache's memo of Wagtail sites, and
the second factor editors and staff must have when the editorial settings say so."""

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse

from quire.accounts.roles import is_editor
from quire.core import compat
from quire.core.middleware import ADMIN_PREFIXES
from quire.editorial.models import EditorialSettings
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


def needs_second_factor(user, request=None) -> bool:
    """Staff and editors must have an authenticator app when the editorial setting is on."""
    if not (user.is_staff or user.is_superuser or is_editor(user)):
        return False
    if not EditorialSettings.load(request_or_site=request).require_mfa_for_staff:
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireStaffTwoFactorMiddleware:
    """Sends staff and editors without an authenticator app from the editor to set one up.

    Only /admin/ and /django-admin/ are guarded, so the set-up pages stay reachable.
    """

    GUARDED = ("/admin/", "/django-admin/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path_info.startswith(self.GUARDED)
            and request.user.is_authenticated
            and needs_second_factor(request.user, request)
        ):
            messages.info(
                request,
                "Editors and staff must use two-factor authentication: set up an "
                "authenticator app to continue to the editor.",
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
