"""Counting the ad impressions the statistics' beacons report (quire/stats sends each
batch here through its ``BEACONS_HOOK``)."""

from collections import Counter

from django.db.models import F

from quire.stats.models import PAGE

from .models import DailyImpressions


def impressions_count(hits: list[dict], places: dict) -> None:
    """Ad impressions (beacons of kind "i"), per hub, slot and network a day (house ads:
    network ""). Given every batch of beacons by the statistics' roll-up (a hook)."""
    counts: Counter = Counter()
    for h in hits:
        if h["kind"] != "i":
            continue
        where = places[(h["target_type"], h["object_id"])]
        # Only hubs carry ads (they have an author; channels and the home page do not).
        if h["target_type"] != PAGE or where.author_id is None or not h.get("slot"):
            continue
        network = "" if h["fill"] == "house" else h["fill"]
        counts[(h["day"], h["object_id"], where.author_id, h["slot"], network)] += 1
    for (day, hub_id, author_id, slot, network), n in counts.items():
        row, _ = DailyImpressions.objects.get_or_create(
            day=day, hub_id=hub_id, slot=slot, network=network, defaults={"author_id": author_id}
        )
        DailyImpressions.objects.filter(pk=row.pk).update(impressions=F("impressions") + n)
