"""Earnings in the editor: an author's own earnings; for operators (permission
"Can enter revenue, allocate it and pay authors"), revenue, allocation and payouts."""

from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from quire.accounts import roles
from quire.articles import charts
from quire.consent.models import Category, Service
from quire.core.params import parse_int

from .models import CENT, EarningsSettings, LedgerEntry, Membership, Payout, PayoutRun, RevenueEntry
from .selectors import author_clicks, author_months, author_other_entries, author_paid_total
from .services import (
    MANAGE,
    EarningsError,
    balance,
    earnings_allocate_month,
    payout_file,
    payout_mark_failed,
    payout_run_create,
    payout_run_mark_paid,
    revenue_enter,
)


def _operator(request: HttpRequest) -> None:
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied


def my_earnings(request: HttpRequest) -> HttpResponse:
    """An author's earnings: balance, months (per network and hub, with impressions),
    a plot of earnings per month, payouts and corrections. Only their own."""
    if not roles.is_author(request.user):
        raise PermissionDenied
    user = request.user
    months = author_months(user)
    settings = EarningsSettings.load()
    chart = None
    if months:
        points = [
            charts.Point(label=f"{m.month:%b %Y}", value=float(m.total), display=f"{m.total:.2f}")
            for m in reversed(months[:24])
        ]
        chart = charts.build_chart(
            charts.BAR, points, title="Earnings per month", unit=settings.currency
        )
    return render(
        request,
        "earnings/admin/mine.html",
        {
            "page_title": "Earnings",
            "months": months,
            "chart": chart,
            "balance": balance(user),
            "paid": author_paid_total(user),
            "others": author_other_entries(user)[:100],
            "clicks": author_clicks(user),
            "membership": Membership.objects.filter(user=user).first(),
            "settings": settings,
        },
    )


def _networks():
    return Service.objects.filter(category=Category.MARKETING).order_by("name")


def _month(text: str) -> date | None:
    """The first day of the month a month field ("2026-03") names, or None."""
    year_text, _, rest = text.partition("-")
    year = parse_int(year_text, minimum=date.min.year, maximum=date.max.year)
    month = parse_int(rest.partition("-")[0], minimum=1, maximum=12)
    return date(year, month, 1) if year and month else None


def revenue(request: HttpRequest) -> HttpResponse:
    """Enter what each network paid for a month, and allocate it."""
    _operator(request)
    error, form = "", {"month": "", "network": "", "amount": "", "note": ""}
    if request.method == "POST":
        form = {key: request.POST.get(key, "").strip() for key in form}
        first = _month(form["month"])
        if first is None:
            error = "Choose the month the revenue is for."
        else:
            try:
                revenue_enter(
                    request.user,
                    month=first,
                    network=form["network"],
                    amount=form["amount"],
                    note=form["note"],
                )
            except EarningsError as problem:
                error = problem.message
            else:
                messages.success(
                    request, "Revenue entered. Allocate it when the month's impressions are in."
                )
                return HttpResponseRedirect(reverse("earnings_admin:revenue"))
    entries = RevenueEntry.objects.select_related("run").order_by("-month", "network")[:200]
    return render(
        request,
        "earnings/admin/revenue.html",
        {
            "page_title": "Revenue",
            "entries": entries,
            "networks": _networks(),
            "form": form,
            "error": error,
            "settings": EarningsSettings.load(),
        },
        status=400 if error else 200,
    )


@require_POST
def allocate(request: HttpRequest, pk: int) -> HttpResponse:
    _operator(request)
    entry = get_object_or_404(RevenueEntry, pk=pk)
    try:
        run = earnings_allocate_month(request.user, entry)
    except EarningsError as problem:
        messages.error(request, problem.message)
    else:
        messages.success(
            request,
            f"Allocated: {run.authors_total} to authors, {run.site_total} to the site "
            f"({run.impressions:,} impressions).",
        )
    return HttpResponseRedirect(reverse("earnings_admin:revenue"))


def payouts(request: HttpRequest) -> HttpResponse:
    _operator(request)
    settings = EarningsSettings.load()
    members = list(Membership.objects.filter(left_at=None).select_related("user__author_profile"))
    balances = dict(
        LedgerEntry.objects.filter(author_id__in=[m.user_id for m in members])
        .values("author_id")
        .annotate(total=Sum("amount"))
        .values_list("author_id", "total")
    )
    rows = sorted(
        (
            {"membership": m, "balance": Decimal(balances.get(m.user_id) or 0).quantize(CENT)}
            for m in members
        ),
        key=lambda r: -r["balance"],
    )
    return render(
        request,
        "earnings/admin/payouts.html",
        {
            "page_title": "Payouts",
            "rows": rows,
            "payable": [r for r in rows if r["balance"] >= settings.minimum_payout],
            "runs": PayoutRun.objects.prefetch_related("payouts__author__author_profile")[:20],
            "settings": settings,
        },
    )


@require_POST
def run_create(request: HttpRequest) -> HttpResponse:
    _operator(request)
    try:
        run = payout_run_create(request.user)
    except EarningsError as problem:
        messages.error(request, problem.message)
    else:
        messages.success(request, f"Payout run {run.pk} prepared: download its PayPal file.")
    return HttpResponseRedirect(reverse("earnings_admin:payouts"))


def run_file(request: HttpRequest, pk: int) -> HttpResponse:
    _operator(request)
    run = get_object_or_404(PayoutRun, pk=pk)
    response = HttpResponse(payout_file(run), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="quire-payouts-{run.pk}.csv"'
    return response


@require_POST
def run_paid(request: HttpRequest, pk: int) -> HttpResponse:
    _operator(request)
    try:
        payout_run_mark_paid(request.user, get_object_or_404(PayoutRun, pk=pk))
    except EarningsError as problem:
        messages.error(request, problem.message)
    else:
        messages.success(request, "Marked paid.")
    return HttpResponseRedirect(reverse("earnings_admin:payouts"))


@require_POST
def payout_failed(request: HttpRequest, pk: int) -> HttpResponse:
    _operator(request)
    try:
        payout_mark_failed(
            request.user, get_object_or_404(Payout, pk=pk), request.POST.get("note", "")
        )
    except EarningsError as problem:
        messages.error(request, problem.message)
    else:
        messages.success(request, "Marked failed: the amount is back in the author's balance.")
    return HttpResponseRedirect(reverse("earnings_admin:payouts"))
