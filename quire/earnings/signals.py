from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import AdSlot
from .selectors_ads import slots_clear


@receiver(post_save, sender=AdSlot)
@receiver(post_delete, sender=AdSlot)
def _slots_changed(sender, **kwargs) -> None:
    slots_clear()
