"""Quire's rules for allauth: which email addresses may sign up (the editorial settings'
disposable domains) and which outside sign-in providers are offered (the consent
registry's): site policy, composed from the features that own each rule."""

import secrets

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django import forms
from django.contrib.auth.hashers import make_password
from django.http import Http404

from quire.audience.signals import pending_return
from quire.consent.social import provider_service
from quire.core.domains import in_domains
from quire.editorial.models import EditorialSettings


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        """Back to the page where a visitor asked to follow before they had signed in (the
        sign-in after confirming a new address has lost its ``next``)."""
        return pending_return(request) or super().get_login_redirect_url(request)

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        refused = EditorialSettings.load().disposable_domain_set()
        if in_domains(email.rsplit("@", 1)[-1], refused):
            raise forms.ValidationError(
                "Addresses at this domain are temporary and cannot be used here: "
                "sign up with an address you will keep."
            )
        return email

    def send_account_already_exists_mail(self, email: str) -> None:
        # Signing up with a new address hashes a password; signing up with a taken one
        # only sends this email. Hashing one here too keeps the two equally slow, so the
        # time a sign-up takes does not tell whether an address has an account.
        make_password(secrets.token_urlsafe(16))
        super().send_account_already_exists_mail(email)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Offers a provider only while its consent-registry service is enabled: an operator
    who switches the service off there switches the sign-in off everywhere (buttons,
    the provider's pages and its callback answer 404)."""

    def list_apps(self, request, provider=None, client_id=None):
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        return [app for app in apps if provider_service(app.provider) is not None]

    def get_app(self, request, provider, client_id=None):
        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            raise Http404("This site does not offer that sign-in.") from None
