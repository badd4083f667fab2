from allauth.socialaccount.models import SocialApp
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .social import PROVIDER_SERVICES, provider_service_sync


@receiver(post_save, sender=SocialApp)
@receiver(post_delete, sender=SocialApp)
def _provider_keys_changed(sender, instance: SocialApp, raw: bool = False, **kwargs) -> None:
    """Keys added, moved to another provider or removed: each provider's service follows."""
    if not raw:
        for provider_id in PROVIDER_SERVICES:
            provider_service_sync(provider_id)
