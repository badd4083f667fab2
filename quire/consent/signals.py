"""Ask visitors again when what they agreed to changes (the pages that show the registry
are refreshed by quire/site/refresh.py)."""

from allauth.socialaccount.models import SocialApp
from django.db.models import F
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import ConsentSettings, Service
from .social import PROVIDER_SERVICES, provider_service_sync

# A change to any of these means visitors agreed to something else: ask them again.
MATERIAL_FIELDS = ("category", "purpose", "hosts", "enabled", "provider", "sets_cookies")


@receiver(pre_save, sender=Service)
def _remember_material_change(sender, instance: Service, raw=False, **kwargs) -> None:
    if raw:
        return
    if instance.pk is None:
        instance._material_change = instance.enabled
        return
    old = Service.objects.filter(pk=instance.pk).values(*MATERIAL_FIELDS).first()
    instance._material_change = old is None or (
        any(old[f] != getattr(instance, f) for f in MATERIAL_FIELDS)
        and (instance.enabled or old["enabled"])
    )


@receiver(post_save, sender=Service)
def _service_saved(sender, instance: Service, raw=False, **kwargs) -> None:
    if not raw and getattr(instance, "_material_change", False):
        settings = ConsentSettings.load()
        ConsentSettings.objects.filter(pk=settings.pk).update(
            registry_version=F("registry_version") + 1
        )


@receiver(post_save, sender=SocialApp)
@receiver(post_delete, sender=SocialApp)
def _provider_keys_changed(sender, instance: SocialApp, raw: bool = False, **kwargs) -> None:
    """Keys added, moved to another provider or removed: each provider's service follows."""
    if not raw:
        for provider_id in PROVIDER_SERVICES:
            provider_service_sync(provider_id)
