from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import ChannelPage, HomePage
from .selectors import channel_bar_clear

# Any change to a channel (or the home page above them) can change the bar: its titles,
# order, URLs or which channels are live.
BAR_SIGNALS = (page_published, page_unpublished, post_page_move, post_save, post_delete)


def refresh_channel_bar(**kwargs) -> None:
    channel_bar_clear()


for model in (ChannelPage, HomePage):
    for signal in BAR_SIGNALS:
        signal.connect(refresh_channel_bar, sender=model, weak=False)
