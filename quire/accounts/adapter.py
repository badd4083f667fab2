"""Quire's rules for allauth: which email addresses may sign up, which outside sign-in
providers are offered, and where allauth's rate limits are counted."""

import secrets

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.contrib.auth.hashers import make_password
from django.http import Http404

from quire.core import ratelimit
from quire.core.domains import in_domains

from .social import provider_service


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        from quire.editorial.models import EditorialSettings

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
        from allauth.socialaccount.models import SocialApp

        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            raise Http404("This site does not offer that sign-in.") from None


# allauth's rate limits (failed sign-ins per address and per account, two-factor codes,
# password-reset and confirmation emails, sign-ups) keep their counts in Django's default
# cache: one per worker process unless CACHE_URL is Redis, so each worker allowed its own
# five failed sign-ins. share_rate_limits() counts them on Quire's limiter instead, in
# the database every worker and host shares; allauth's settings still choose the rates.


class _Usage:
    """What allauth keeps of a counted hit, to take it back (after a successful sign-in)."""

    def __init__(self, hit: ratelimit.Hit | None):
        self.hit = hit

    def rollback(self) -> None:
        if self.hit is not None:
            self.hit.undo()


def _rate(rate) -> ratelimit.Rate:
    return ratelimit.Rate(rate.amount, max(1, round(rate.duration)))


def _consume_single_rate(
    request,
    *,
    app: str,
    action: str,
    rate,
    key=None,
    user=None,
    dry_run: bool = False,
    raise_exception: bool = False,
):
    from allauth.core.exceptions import RateLimited
    from allauth.core.internal import ratelimit as allauth_ratelimit

    identity = allauth_ratelimit.get_cache_key(
        request, app=app, action=action, rate=rate, key=key, user=user
    )
    scope = f"allauth.{action}"
    if dry_run:
        usage = _Usage(None) if ratelimit.peek(scope, identity, _rate(rate)) else None
    else:
        hit = ratelimit.hit(scope, identity, _rate(rate))
        usage = _Usage(hit) if hit else None
    if usage is None and raise_exception:
        raise RateLimited
    return usage


def _clear(request, *, app: str, action: str, config=None, key=None, user=None) -> None:
    from allauth.core.internal import ratelimit as allauth_ratelimit

    for rate in allauth_ratelimit.get_rates(app=app, action=action, config=config):
        identity = allauth_ratelimit.get_cache_key(
            request, app=app, action=action, rate=rate, key=key, user=user
        )
        ratelimit.clear(f"allauth.{action}", identity, _rate(rate))


def share_rate_limits() -> None:
    """Count every allauth rate limit on :mod:`quire.core.ratelimit` (call once, from
    ``AppConfig.ready``). It replaces the two functions of allauth's limiter that read
    and write the cache (allauth 65; tests/accounts/test_enumeration_and_lockout.py
    fails if a new version calls them differently or stops calling them)."""
    from allauth.core.internal import ratelimit as allauth_ratelimit

    allauth_ratelimit._consume_single_rate = _consume_single_rate
    allauth_ratelimit.clear = _clear
