"""Ask visitors again when what they agreed to changes (the pages that show the registry
are refreshed by quire/site/refresh.py)."""

from django.db.models import F
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from .models import ConsentSettings, Service

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
