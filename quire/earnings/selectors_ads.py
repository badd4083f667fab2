"""Which ad slots a hub shows."""

from .models import AdSlot


def enabled_slots() -> dict[str, AdSlot]:
    """One query, kept in each process until the layout changes anywhere (quire/pagecache:
    a change to any slot bumps it)."""
    from quire.pagecache import layout_memo

    return layout_memo("ad-slots", _enabled_slots)


def _enabled_slots() -> dict[str, AdSlot]:
    return {
        s.position: s for s in AdSlot.objects.filter(enabled=True).select_related("house_image")
    }


def slots_for_hub(hub, channel) -> dict[str, AdSlot]:
    """The slots this hub shows: none if its author turned ads off, or an editor made the
    hub or its channel ad-free; a network slot without a house ad shows only with consent."""
    if not hub.show_ads or hub.ad_free or (channel is not None and channel.ad_free):
        return {}
    slots = enabled_slots()
    usable = {}
    for position, slot in slots.items():
        if slot.network or slot.has_house_ad:
            usable[position] = slot
    return usable
