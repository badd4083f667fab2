"""Two-factor authentication required of editors and staff, when the site says so."""

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse

from .roles import is_editor


def needs_second_factor(user, request=None) -> bool:
    """Staff and editors must have an authenticator app when the editorial setting is on."""
    from quire.editorial.models import EditorialSettings

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
