"""Consent records in the admin: totals per choice for a period, and a CSV export."""

import csv
from datetime import date, timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from .models import ConsentRecord


class PeriodForm(forms.Form):
    start = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("The period must start before it ends.")
        return data


def _period(request: HttpRequest) -> tuple[PeriodForm, date, date]:
    today = timezone.localdate()
    initial = {"start": today - timedelta(days=30), "end": today}
    form = PeriodForm(request.GET or None, initial=initial)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, initial["start"], initial["end"]


def _records(start: date, end: date):
    return ConsentRecord.objects.filter(created_at__date__gte=start, created_at__date__lte=end)


def _check(request: HttpRequest) -> None:
    if not request.user.has_perm("consent.view_consentrecord"):
        raise PermissionDenied


def records(request: HttpRequest) -> HttpResponse:
    _check(request)
    form, start, end = _period(request)
    qs = _records(start, end)
    by_action = {
        row["action"]: row["n"] for row in qs.values("action").order_by().annotate(n=Count("pk"))
    }
    per_service: dict[str, list[int]] = {}
    for choices in qs.values_list("choices", flat=True).iterator():
        for key, allowed in (choices or {}).items():
            counts = per_service.setdefault(key, [0, 0])
            counts[0 if allowed else 1] += 1
    return render(
        request,
        "consent/admin/records.html",
        {
            "page_title": "Consent records",
            "header_icon": "list-ul",
            "form": form,
            "start": start,
            "end": end,
            "total": sum(by_action.values()),
            "actions": [
                (label, by_action.get(value, 0)) for value, label in ConsentRecord.Action.choices
            ],
            "gpc": qs.filter(gpc=True).count(),
            "per_service": sorted(per_service.items()),
            "query": request.GET.urlencode(),
        },
    )


class _Echo:
    def write(self, value):
        return value


def export(request: HttpRequest) -> StreamingHttpResponse:
    _check(request)
    _, start, end = _period(request)
    writer = csv.writer(_Echo())
    header = ["time", "visitor", "action", "registry_version", "gpc", "ip_prefix", "choices"]

    def rows():
        yield writer.writerow(header)
        for r in _records(start, end).order_by("created_at").iterator():
            allowed = " ".join(f"{k}={'yes' if v else 'no'}" for k, v in sorted(r.choices.items()))
            yield writer.writerow(
                [
                    r.created_at.isoformat(),
                    r.visitor_id,
                    r.action,
                    r.registry_version,
                    "yes" if r.gpc else "no",
                    r.ip_prefix,
                    allowed,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="consent-{start}-{end}.csv"'
    return response
