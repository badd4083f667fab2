"""The statistics dashboards in the author center. Authors see their own figures only;
editors see the site's, any channel's and any author's. Checked here, on the server."""

import csv

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from quire.accounts import roles
from quire.articles import charts
from quire.articles.models import ChannelPage
from quire.audience import selectors as audience
from quire.authors.models import AuthorProfile
from quire.core.params import object_id

from .models import PAGE, DailyDimension, DailyTotals
from .selectors import (
    PRESETS,
    PeriodError,
    Scope,
    buckets,
    daily_rows,
    dashboard,
    period_from,
    trend,
)

SECTIONS = {
    DailyDimension.REFERRER: {
        "label": "Site",
        "heading": "Where readers came from",
        "empty": "No reader has come from a link yet.",
    },
    DailyDimension.SEARCH: {
        "label": "Search terms",
        "heading": "Site searches that led here",
        "empty": "No reader has come from the site's search yet.",
    },
    DailyDimension.DEVICE: {"label": "Device", "heading": "Devices", "empty": "Nothing yet."},
    DailyDimension.COUNTRY: {
        "label": "Country",
        "heading": "Countries",
        "empty": "No countries: the site is not told where readers are (see the "
        "operator's guide, QUIRE_STATS_COUNTRY_HEADER).",
    },
}


def _number(params, name: str) -> int:
    number = object_id(params, name)
    if number is None:
        raise Http404(f"No such {name}.")
    return number


def scope_for(request: HttpRequest) -> Scope:
    """The scope the query string asks for, if this person may see it (else 404)."""
    from wagtail.models import Page

    user, params = request.user, request.GET
    editor = roles.is_editor(user)
    if not (editor or roles.is_author(user)):
        raise PermissionDenied
    if params.get("hub"):
        page = Page.objects.filter(pk=_number(params, "hub")).first()
        if page is None or not (editor or page.owner_id == user.pk):
            raise Http404("No such hub.")
        return Scope(PAGE, page.pk, page.title, author_id=page.owner_id)
    if params.get("author"):
        author_id = _number(params, "author")
        if not (editor or author_id == user.pk):
            raise Http404("No such author.")
        name = (
            AuthorProfile.objects.filter(user_id=author_id)
            .values_list("display_name", flat=True)
            .first()
        )
        if name is None:
            raise Http404("No such author.")
        return Scope(DailyTotals.AUTHOR, author_id, name)
    if params.get("channel"):
        channel = ChannelPage.objects.filter(pk=_number(params, "channel")).first()
        if channel is None or not editor:
            raise Http404("No such channel.")
        return Scope(DailyTotals.CHANNEL, channel.pk, channel.title)
    if editor and params.get("scope") != "mine":
        return Scope(DailyTotals.SITE, 0, "The whole site")
    name = getattr(getattr(user, "author_profile", None), "display_name", "") or str(user)
    return Scope(DailyTotals.AUTHOR, user.pk, name)


def _scope_query(scope: Scope) -> dict:
    return {
        PAGE: {"hub": scope.id},
        DailyTotals.AUTHOR: {"author": scope.id},
        DailyTotals.CHANNEL: {"channel": scope.id},
    }.get(scope.kind, {})


def _csv(scope: Scope, period, days) -> HttpResponse:
    start, end = period.start, period.end
    name = f"quire-{scope.kind}-{scope.id}-{start}-{end}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(["date", "views", "visitors", "engaged_seconds", "engaged_readings"])
    for d in days:
        writer.writerow(
            [d.day.isoformat(), d.views, d.visitors, d.engaged_seconds, d.engaged_views]
        )
    return response


def _chart(board, unit: str, groups) -> charts.Chart:
    points = [
        charts.Point(label=g.label, value=float(g.views), display=f"{g.views:,}") for g in groups
    ]
    return charts.build_chart(charts.LINE, points, title=f"Views per {unit}: {board.scope.label}")


def statistics(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request)
    today = timezone.localdate()
    error = ""
    try:
        period = period_from(request.GET, today)
    except PeriodError as problem:
        error = str(problem)
        period = period_from({}, today)
    if request.GET.get("format") == "csv" and not error:
        return _csv(scope, period, daily_rows(scope, period))
    board = dashboard(scope, period)
    # "Helpful", from every reader who ever marked it (not per period: no ranking of
    # people is built from it), and the author's followers.
    helpful = audience.reaction_counts([row["page"].pk for row in board.top_pages])
    for row in board.top_pages:
        row["helpful"] = helpful.get(row["page"].pk, 0)
    audience_cards = {}
    if scope.kind == PAGE:
        audience_cards["helpful"] = audience.reaction_count(scope.id)
    elif scope.kind == DailyTotals.AUTHOR:
        audience_cards["followers"] = audience.follower_count(scope.id)
    base = _scope_query(scope)
    unit, groups = buckets(board.days)
    context = {
        "page_title": "Statistics",
        "board": board,
        "audience": audience_cards,
        "unit": unit,
        "groups": groups,
        "chart": _chart(board, unit, groups),
        "error": error,
        "editor": roles.is_editor(request.user),
        "presets": [
            {
                "days": days,
                "url": "?" + urlencode({**base, "days": days}),
                "current": not error
                and period.days == days
                and period.end == today
                and "from" not in request.GET,
            }
            for days in PRESETS
        ],
        "scope_fields": base,
        "from_value": request.GET.get("from", period.start.isoformat()),
        "to_value": request.GET.get("to", period.end.isoformat()),
        "csv_url": "?"
        + urlencode(
            {
                **base,
                "from": period.start.isoformat(),
                "to": period.end.isoformat(),
                "format": "csv",
            }
        ),
        "trends": {
            "views": trend(board.summary.views, board.previous.views),
            "visitors": trend(board.summary.visitors, board.previous.visitors),
            "engaged": trend(board.summary.average_engaged, board.previous.average_engaged),
            "comments": trend(board.summary.comments, board.previous.comments),
        },
        "dimension_sections": [
            {"name": name, "rows": board.dimensions[name], **SECTIONS[name]} for name in SECTIONS
        ],
        "period_query": urlencode({"from": period.start.isoformat(), "to": period.end.isoformat()}),
        "site_url": reverse("stats_admin:statistics"),
    }
    if context["editor"]:
        context["channels"] = ChannelPage.objects.live().order_by("path").values("pk", "title")
    return render(request, "stats/admin/statistics.html", context, status=400 if error else 200)
