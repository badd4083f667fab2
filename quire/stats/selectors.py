"""Reads for the statistics dashboards: a scope (the site, a channel, an author, one hub
or profile) over a period, each figure one query on the daily rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import F, Q, Sum
from django.utils import timezone

from quire.authors.models import AuthorProfile
from quire.comments.models import Comment
from quire.core.errors import UserError
from quire.core.params import parse_int

from .models import PAGE, PROFILE, DailyDimension, DailyStats, DailyTotals

PRESETS = (7, 30, 90, 365)
DEFAULT_DAYS = 30
MAX_DAYS = 3 * 366
EARLIEST = date(2000, 1, 1)


class PeriodError(UserError, ValueError):
    """Dates a person asked for that cannot be shown; the message says why."""


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous(self) -> Period:
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def each_day(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.days)]


def period_from(params, today: date) -> Period:
    """The period a dashboard's query string asks for: ``days`` (7, 30, 90, 365) or
    ``from`` and ``to`` dates (YYYY-MM-DD). Raises PeriodError with a readable message."""
    start_text, end_text = params.get("from", "").strip(), params.get("to", "").strip()
    if start_text or end_text:
        try:
            start = date.fromisoformat(start_text) if start_text else None
            end = date.fromisoformat(end_text) if end_text else today
        except ValueError:
            raise PeriodError("Enter dates as YYYY-MM-DD, e.g. 2026-03-01.") from None
        if start is None:
            raise PeriodError("Enter the first day of the period as well.")
        if start < EARLIEST:
            raise PeriodError(f"There are no figures before {EARLIEST:%-d %B %Y}.")
        if end > today:
            raise PeriodError("The period cannot end after today.")
        if start > end:
            raise PeriodError("The first day must come before the last.")
        if (end - start).days + 1 > MAX_DAYS:
            raise PeriodError("Choose a period of at most three years.")
        return Period(start, end)
    days = parse_int(params.get("days") or str(DEFAULT_DAYS), maximum=max(PRESETS))
    if days not in PRESETS:
        raise PeriodError("Choose 7, 30, 90 or 365 days, or enter dates.")
    return Period(today - timedelta(days=days - 1), today)


@dataclass(frozen=True)
class Scope:
    """What a dashboard shows: ``kind`` is site, channel, author, page or profile."""

    kind: str
    id: int = 0
    label: str = ""
    author_id: int | None = None  # the owner, for page and profile scopes

    @property
    def single(self) -> bool:
        return self.kind in (PAGE, PROFILE)


@dataclass
class DayRow:
    day: date
    views: int = 0
    visitors: int = 0
    engaged_seconds: int = 0
    engaged_views: int = 0


@dataclass
class Summary:
    views: int = 0
    visitors: int = 0
    engaged_seconds: int = 0
    engaged_views: int = 0
    comments: int = 0

    @property
    def average_engaged(self) -> int:
        """Seconds an engaged reading lasted, on average."""
        return round(self.engaged_seconds / self.engaged_views) if self.engaged_views else 0


@dataclass
class Dashboard:
    scope: Scope
    period: Period
    days: list[DayRow]
    summary: Summary
    previous: Summary
    top_pages: list[dict] = field(default_factory=list)
    top_authors: list[dict] = field(default_factory=list)
    dimensions: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def _in(period: Period) -> Q:
    return Q(day__gte=period.start, day__lte=period.end)


def _stats_filter(scope: Scope) -> Q:
    if scope.kind == DailyTotals.SITE:
        return Q()
    if scope.kind == DailyTotals.AUTHOR:
        return Q(author_id=scope.id)
    if scope.kind == DailyTotals.CHANNEL:
        return Q(channel_id=scope.id)
    return Q(target_type=scope.kind, object_id=scope.id)


def daily_rows(scope: Scope, period: Period) -> list[DayRow]:
    """One row a day, days without figures included (as zeros)."""
    if scope.single:
        rows = DailyStats.objects.filter(_stats_filter(scope), _in(period)).values_list(
            "day", "views", "views", "engaged_seconds", "engaged_views"
        )
    else:
        rows = DailyTotals.objects.filter(
            _in(period), scope=scope.kind, scope_id=scope.id
        ).values_list("day", "views", "visitors", "engaged_seconds", "engaged_views")
    found = {row[0]: DayRow(*row) for row in rows}
    return [found.get(day) or DayRow(day) for day in period.each_day()]


def _comment_count(scope: Scope, period: Period) -> int:
    # Bounds as moments, so the (status, created_at) index answers the range.
    start = timezone.make_aware(datetime.combine(period.start, time.min))
    end = timezone.make_aware(datetime.combine(period.end + timedelta(days=1), time.min))
    comments = Comment.objects.filter(
        status=Comment.Status.PUBLISHED, created_at__gte=start, created_at__lt=end
    )
    from wagtail.models import Page

    # Hubs as a subquery (not a join): each hub's comments come from the
    # (hub, status, created_at) index, on SQLite as on PostgreSQL.
    if scope.kind == DailyTotals.AUTHOR:
        comments = comments.filter(hub_id__in=Page.objects.filter(owner_id=scope.id).values("pk"))
    elif scope.kind == DailyTotals.CHANNEL:
        channel = Page.objects.filter(pk=scope.id).values_list("path", flat=True).first()
        hubs = Page.objects.filter(
            path__startswith=channel or "-", depth=len(channel or "") // 4 + 1
        )
        comments = comments.filter(hub_id__in=hubs.values("pk"))
    elif scope.kind == PAGE:
        comments = comments.filter(hub_id=scope.id)
    elif scope.kind == PROFILE:
        return 0
    return comments.count()


def summary(scope: Scope, period: Period, days: list[DayRow] | None = None) -> Summary:
    days = days if days is not None else daily_rows(scope, period)
    return Summary(
        views=sum(d.views for d in days),
        visitors=sum(d.visitors for d in days),
        engaged_seconds=sum(d.engaged_seconds for d in days),
        engaged_views=sum(d.engaged_views for d in days),
        comments=_comment_count(scope, period),
    )


def top_pages(scope: Scope, period: Period, limit: int = 10) -> list[dict]:
    """The most-read hubs (and, for the site, channels and profiles) in the scope."""
    from wagtail.models import Page

    rows = list(
        DailyStats.objects.filter(_stats_filter(scope), _in(period), target_type=PAGE)
        .values("object_id")
        .annotate(
            views=Sum("views"),
            engaged_seconds=Sum("engaged_seconds"),
            engaged_views=Sum("engaged_views"),
        )
        .order_by("-views", "object_id")[:limit]
    )
    pages = Page.objects.filter(pk__in=[r["object_id"] for r in rows]).specific(defer=True)
    by_id = {p.pk: p for p in pages}
    result = []
    for row in rows:
        page = by_id.get(row["object_id"])
        if page is None:
            continue
        engaged = row["engaged_views"]
        result.append(
            {
                "page": page,
                "views": row["views"],
                "average_engaged": round(row["engaged_seconds"] / engaged) if engaged else 0,
            }
        )
    return result


def top_authors(scope: Scope, period: Period, limit: int = 10) -> list[dict]:
    """The most-read authors of the site (from their daily totals) or of a channel."""
    if scope.kind == DailyTotals.CHANNEL:
        rows = (
            DailyStats.objects.filter(_in(period), channel_id=scope.id)
            .exclude(author_id=None)
            .values(scope_id=F("author_id"))
        )
    else:
        rows = DailyTotals.objects.filter(_in(period), scope=DailyTotals.AUTHOR).values("scope_id")
    rows = list(rows.annotate(views=Sum("views")).order_by("-views", "scope_id")[:limit])
    names = dict(
        AuthorProfile.objects.filter(user_id__in=[r["scope_id"] for r in rows]).values_list(
            "user_id", "display_name"
        )
    )
    return [
        {"id": r["scope_id"], "name": names.get(r["scope_id"], "—"), "views": r["views"]}
        for r in rows
    ]


def top_dimension(scope: Scope, period: Period, dimension: str, limit: int = 10):
    return list(
        DailyDimension.objects.filter(_stats_filter(scope), _in(period), dimension=dimension)
        .values("value")
        .annotate(total=Sum("views"))
        .order_by("-total", "value")
        .values_list("value", "total")[:limit]
    )


def dashboard(scope: Scope, period: Period) -> Dashboard:
    days = daily_rows(scope, period)
    result = Dashboard(
        scope=scope,
        period=period,
        days=days,
        summary=summary(scope, period, days),
        previous=summary(scope, period.previous),
    )
    if not scope.single:
        result.top_pages = top_pages(scope, period)
    if scope.kind in (DailyTotals.SITE, DailyTotals.CHANNEL):
        result.top_authors = top_authors(scope, period)
    for name, _label in DailyDimension.DIMENSIONS:
        result.dimensions[name] = top_dimension(scope, period, name)
    return result


def trend(current: int, previous: int) -> int | None:
    """Percent change against the previous period (None when there is nothing to compare)."""
    if not previous:
        return None
    return round((current - previous) * 100 / previous)


@dataclass
class Bucket:
    label: str
    first: date
    views: int = 0
    visitors: int = 0
    engaged_seconds: int = 0


def buckets(days: list[DayRow]) -> tuple[str, list[Bucket]]:
    """Days grouped so a plot stays readable: by day up to three months, by week up to
    about a year, by month beyond. Returns the unit's name and the groups."""
    if len(days) <= 92:
        unit, key = "day", lambda d: d
    elif len(days) <= 400:
        unit, key = "week", lambda d: d - timedelta(days=d.weekday())
    else:
        unit, key = "month", lambda d: d.replace(day=1)
    groups: dict[date, Bucket] = {}
    for row in days:
        first = key(row.day)
        if first not in groups:
            label = f"{first:%b %Y}" if unit == "month" else f"{first:%b} {first.day}"
            groups[first] = Bucket(label=label, first=first)
        group = groups[first]
        group.views += row.views
        group.visitors += row.visitors
        group.engaged_seconds += row.engaged_seconds
    return unit, list(groups.values())


def recent_views(page_ids, days: int = 30) -> dict[int, int]:
    """Views of each page over the last ``days`` days: one query, for listings."""
    since = timezone.localdate() - timedelta(days=days - 1)
    return dict(
        DailyStats.objects.filter(target_type=PAGE, object_id__in=list(page_ids), day__gte=since)
        .values("object_id")
        .annotate(total=Sum("views"))
        .values_list("object_id", "total")
    )
