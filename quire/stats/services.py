"""The roll-up: buffered beacons become daily rows; the buffer, the finished days' salts
and their Seen rows are deleted."""

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from wagtail import hooks

from quire.articles.models import ArticlePage, ChannelPage
from quire.authors.models import AuthorProfile

from . import buffer
from .models import (
    PAGE,
    PROFILE,
    DailyDimension,
    DailySalt,
    DailyStats,
    DailyTotals,
    RolledBatch,
    Seen,
)

BATCH = 20_000
BEACONS_HOOK = "quire_stats_beacons"


@dataclass(frozen=True)
class Where:
    author_id: int | None
    channel_id: int | None


def _places(keys: set[tuple[str, int]]) -> dict[tuple[str, int], Where]:
    """Each counted page's author and channel; pages that are not live (or never were)
    and unknown profiles are left out, so their beacons are dropped."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    places: dict[tuple[str, int], Where] = {}
    page_ids = [pk for kind, pk in keys if kind == PAGE]
    if page_ids:
        channels = dict(ChannelPage.objects.values_list("path", "pk"))
        hub_type = ContentType.objects.get_for_model(ArticlePage).pk
        rows = Page.objects.filter(pk__in=page_ids, live=True).values_list(
            "pk", "path", "owner_id", "content_type_id"
        )
        for pk, path, owner_id, content_type_id in rows:
            if content_type_id == hub_type:
                places[(PAGE, pk)] = Where(owner_id, channels.get(path[:-4]))
            else:
                places[(PAGE, pk)] = Where(None, channels.get(path))
    profile_ids = [pk for kind, pk in keys if kind == PROFILE]
    if profile_ids:
        for pk, user_id in AuthorProfile.objects.filter(pk__in=profile_ids).values_list(
            "pk", "user_id"
        ):
            places[(PROFILE, pk)] = Where(user_id, None)
    return places


def _count(hits: list[dict]) -> set[str]:
    """Add a batch of beacons to the daily rows. Returns the days it touched."""
    keys = {(h["target_type"], h["object_id"]) for h in hits}
    places = _places(keys)
    hits = [h for h in hits if (h["target_type"], h["object_id"]) in places]
    if not hits:
        return set()
    # Beacons other features count (the ad impressions, by earnings): each batch is given
    # to them with where each page is (its author, its channel).
    for count in hooks.get_hooks(BEACONS_HOOK):
        count(hits, places)

    # Views: once per visitor per page per day (Seen remembers who was counted today).
    views = [h for h in hits if h["kind"] == "v"]
    seen = set()
    for day in {h["day"] for h in views}:
        visitors = sorted({h["visitor"] for h in views if h["day"] == day})
        for start in range(0, len(visitors), 5000):
            seen |= set(
                Seen.objects.filter(
                    day=day, visitor__in=visitors[start : start + 5000]
                ).values_list("day", "visitor", "target_type", "object_id")
            )
    seen = {(d.isoformat() if isinstance(d, date) else d, v, t, o) for d, v, t, o in seen}
    fresh = []
    for h in views:
        key = (h["day"], h["visitor"], h["target_type"], h["object_id"])
        if key not in seen:
            seen.add(key)
            fresh.append(h)
    Seen.objects.bulk_create(
        [
            Seen(
                day=h["day"],
                visitor=h["visitor"],
                target_type=h["target_type"],
                object_id=h["object_id"],
                author_id=places[(h["target_type"], h["object_id"])].author_id,
                channel_id=places[(h["target_type"], h["object_id"])].channel_id,
            )
            for h in fresh
        ],
        batch_size=1000,
    )

    totals: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    dimensions: Counter = Counter()
    for h in fresh:
        key = (h["day"], h["target_type"], h["object_id"])
        totals[key][0] += 1
        for name in (DailyDimension.REFERRER, DailyDimension.COUNTRY, DailyDimension.DEVICE):
            if h.get(name):
                dimensions[(*key, name, h[name])] += 1
        if h.get("search"):
            dimensions[(*key, DailyDimension.SEARCH, h["search"])] += 1
    for h in hits:
        if h["kind"] == "t":
            key = (h["day"], h["target_type"], h["object_id"])
            totals[key][1] += h["seconds"]
            totals[key][2] += 1

    scoped: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    for (day, kind, pk), (n, seconds, engaged) in totals.items():
        where = places[(kind, pk)]
        for scope_key in _scopes(day, where):
            for i, value in enumerate((n, seconds, engaged)):
                scoped[scope_key][i] += value
        row, _ = DailyStats.objects.get_or_create(
            day=day,
            target_type=kind,
            object_id=pk,
            defaults={"author_id": where.author_id, "channel_id": where.channel_id},
        )
        DailyStats.objects.filter(pk=row.pk).update(
            views=F("views") + n,
            engaged_seconds=F("engaged_seconds") + seconds,
            engaged_views=F("engaged_views") + engaged,
        )
    for (day, scope, scope_id), (n, seconds, engaged) in scoped.items():
        row, _ = DailyTotals.objects.get_or_create(day=day, scope=scope, scope_id=scope_id)
        DailyTotals.objects.filter(pk=row.pk).update(
            views=F("views") + n,
            engaged_seconds=F("engaged_seconds") + seconds,
            engaged_views=F("engaged_views") + engaged,
        )
    for (day, kind, pk, name, value), n in dimensions.items():
        where = places[(kind, pk)]
        row, _ = DailyDimension.objects.get_or_create(
            day=day,
            target_type=kind,
            object_id=pk,
            dimension=name,
            value=value,
            defaults={"author_id": where.author_id, "channel_id": where.channel_id},
        )
        DailyDimension.objects.filter(pk=row.pk).update(views=F("views") + n)
    return {h["day"] for h in fresh}


def _scopes(day: str, where: Where) -> list[tuple]:
    keys = [(day, DailyTotals.SITE, 0)]
    if where.author_id:
        keys.append((day, DailyTotals.AUTHOR, where.author_id))
    if where.channel_id:
        keys.append((day, DailyTotals.CHANNEL, where.channel_id))
    return keys


def _visitors(day: str) -> None:
    """Different visitors of the day, for the site, each author and each channel."""
    seen = Seen.objects.filter(day=day)
    counts = [(DailyTotals.SITE, 0, seen.values("visitor").distinct().count())]
    for scope, field in (
        (DailyTotals.AUTHOR, "author_id"),
        (DailyTotals.CHANNEL, "channel_id"),
    ):
        rows = (
            seen.exclude(**{field: None})
            .values(field)
            .annotate(n=Count("visitor", distinct=True))
            .values_list(field, "n")
        )
        counts += [(scope, pk, n) for pk, n in rows]
    for scope, pk, n in counts:
        DailyTotals.objects.update_or_create(
            day=day, scope=scope, scope_id=pk, defaults={"visitors": n}
        )


def stats_roll_up(limit: int = BATCH) -> int:
    """Count everything waiting in the buffer; returns how many beacons were read."""
    read = 0
    while True:
        with buffer.batch(limit) as items:
            hits = []
            for item in items:
                try:
                    hits.append(json.loads(item))
                except ValueError:
                    continue
            for day in sorted(_count(hits)):
                _visitors(day)
        read += len(items)
        if len(items) < limit or buffer.uses_redis():
            break
    _forget_finished_days()
    return read


def _forget_finished_days() -> None:
    """Once the buffer holds nothing from before today, earlier days' salts and Seen rows
    go: after that no one can tell whether two visits of those days were the same."""
    if buffer.waiting():
        return
    today = timezone.localdate()
    with transaction.atomic():
        Seen.objects.filter(day__lt=today).delete()
        DailySalt.objects.filter(day__lt=today).delete()
        RolledBatch.objects.filter(rolled_at__lt=timezone.now() - timedelta(days=1)).delete()
