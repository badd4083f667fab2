from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import ChannelPage, HomePage
from .selectors import channel_bar_clear


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_save)
@receiver(post_delete)
def refresh_channel_bar(sender, instance=None, **kwargs) -> None:
    if isinstance(instance, ChannelPage | HomePage) or sender in (ChannelPage, HomePage):
        channel_bar_clear()
