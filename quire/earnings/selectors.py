"""Reads for the earnings pages: an author's months, hubs and networks, and the
operator's revenue, runs and payouts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from quire.pagecache import layout_memo

from .models import CENT, AdSlot, LedgerEntry, Payout


@dataclass
class Month:
    month: object
    total: Decimal = Decimal(0)
    impressions: int = 0
    networks: dict[str, Decimal] = field(default_factory=dict)
    hubs: list[dict] = field(default_factory=list)


def author_months(user) -> list[Month]:
    """Each month the author earned in, newest first: per network and per hub, with the
    impressions behind every amount (one query, plus one for the hubs' titles)."""
    from wagtail.models import Page

    rows = (
        LedgerEntry.objects.filter(author=user, kind=LedgerEntry.Kind.ALLOCATION)
        .values("month", "network", "hub_id")
        .annotate(amount=Sum("amount"), impressions=Sum("impressions"))
        .order_by("-month", "network", "hub_id")
    )
    months: dict[object, Month] = {}
    per_hub: dict[tuple, dict] = defaultdict(lambda: {"amount": Decimal(0), "impressions": 0})
    for row in rows:
        # SQLite sums decimals as floats: back to exact cents.
        row["amount"] = Decimal(row["amount"]).quantize(CENT)
        month = months.setdefault(row["month"], Month(row["month"]))
        month.total += row["amount"]
        month.impressions += row["impressions"]
        month.networks[row["network"]] = month.networks.get(row["network"], 0) + row["amount"]
        hub = per_hub[(row["month"], row["hub_id"])]
        hub["amount"] += row["amount"]
        hub["impressions"] += row["impressions"]
        hub.setdefault("networks", []).append((row["network"], row["amount"], row["impressions"]))
    titles = dict(
        Page.objects.filter(pk__in={hub_id for _, hub_id in per_hub}).values_list("pk", "title")
    )
    for (month, hub_id), hub in per_hub.items():
        months[month].hubs.append(
            {"id": hub_id, "title": titles.get(hub_id, "(deleted hub)"), **hub}
        )
    for month in months.values():
        month.hubs.sort(key=lambda h: (-h["amount"], h["id"]))
    return list(months.values())


def author_other_entries(user):
    """Payouts, returned payouts and corrections, newest first."""
    return (
        LedgerEntry.objects.filter(author=user)
        .exclude(kind=LedgerEntry.Kind.ALLOCATION)
        .select_related("payout")
        .order_by("-created_at", "-pk")
    )


def author_paid_total(user) -> Decimal:
    total = Payout.objects.filter(author=user, status=Payout.Status.PAID).aggregate(
        total=Sum("amount")
    )["total"]
    return Decimal(total or 0).quantize(CENT)


def author_clicks(user, days: int = 90) -> list[dict]:
    """Clicks on the author's product links over the last ``days`` days, most first."""
    from datetime import timedelta

    from django.utils import timezone
    from wagtail.models import Page

    from .models import DailyClicks

    rows = list(
        DailyClicks.objects.filter(
            author_id=user.pk, day__gte=timezone.localdate() - timedelta(days=days - 1)
        )
        .values("hub_id", "block_id", "product")
        .annotate(total=Sum("clicks"))
        .order_by("-total", "product")[:50]
    )
    titles = dict(
        Page.objects.filter(pk__in={r["hub_id"] for r in rows}).values_list("pk", "title")
    )
    return [{**r, "hub": titles.get(r["hub_id"], "(deleted hub)")} for r in rows]


# -- Which ad slots a hub shows ----------------------------------------------------------


def enabled_slots() -> dict[str, AdSlot]:
    """One query, kept in each process until the layout changes anywhere (quire/pagecache:
    a change to any slot bumps it)."""
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
