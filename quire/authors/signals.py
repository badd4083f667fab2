from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import AuthorProfile
from .selectors import unique_author_slug


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def create_profile(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """Every account has a public profile, named after the person until they change it."""
    if not created or raw:
        return
    name = instance.get_full_name() or instance.get_username()
    AuthorProfile.objects.get_or_create(
        user=instance,
        defaults={"display_name": name, "slug": unique_author_slug(name)},
    )
