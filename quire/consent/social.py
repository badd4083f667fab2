"""Sign-in with outside accounts (Google, Facebook), tied to the consent registry.

Each provider Quire supports is a Features service in the registry (seeded disabled by
the consent app). Adding a provider's keys in the admin enables its service, removing
them disables it; an operator who switches the service off in the registry hides the
provider's button without losing the keys. A visitor meets the provider only by choice:
the button is a link to a first-party page that says what the provider receives and links
its privacy policy, and only pressing Continue there sends the browser to the provider.
"""

from allauth.socialaccount.models import SocialApp

from .models import Service
from .selectors import ServiceEntry, registry

# allauth provider id → consent registry service key.
PROVIDER_SERVICES = {"google": "google-sign-in", "facebook": "facebook-sign-in"}


def provider_service(provider_id: str) -> ServiceEntry | None:
    """The provider's registry entry if the site offers it (enabled), else None."""
    key = PROVIDER_SERVICES.get(provider_id)
    return registry().get(key) if key else None


def provider_service_sync(provider_id: str) -> None:
    """Enable the provider's service while it has keys, disable it when it has none."""
    key = PROVIDER_SERVICES.get(provider_id)
    if key is None:
        return
    configured = SocialApp.objects.filter(provider=provider_id).exists()
    for service in Service.objects.filter(key=key).exclude(enabled=configured):
        service.enabled = configured
        service.save()
