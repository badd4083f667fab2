"""Quire's rules for allauth: which email addresses may sign up, and which outside
sign-in providers are offered."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.http import Http404

from .social import provider_service


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        from quire.core.domains import in_domains
        from quire.editorial.models import EditorialSettings

        refused = EditorialSettings.load().disposable_domain_set()
        if in_domains(email.rsplit("@", 1)[-1], refused):
            raise forms.ValidationError(
                "Addresses at this domain are temporary and cannot be used here: "
                "sign up with an address you will keep."
            )
        return email


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Offers a provider only while its consent-registry service is enabled: an operator
    who switches the service off there switches the sign-in off everywhere (buttons,
    the provider's pages and its callback answer 404)."""

    def list_apps(self, request, provider=None, client_id=None):
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        return [app for app in apps if provider_service(app.provider) is not None]

    def get_app(self, request, provider, client_id=None):
        from allauth.socialaccount.models import SocialApp

        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            raise Http404("This site does not offer that sign-in.") from None
