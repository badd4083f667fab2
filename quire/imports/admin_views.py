"""The author center's import page: upload an export, watch it run, read the report."""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from quire.accounts import roles

from .models import ImportJob
from .services import KINDS_HELP, MAX_FILE, detect_kind, job_end_if_stalled
from .tasks import import_run_task


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Export file or saved pages",
        help_text="WordPress: Tools → Export → All content (.xml). Ghost: Settings → Labs → "
        "Export your content (.json). Medium: Settings → Download your information (.zip). "
        "HubPages or any other site: save each article with your browser (“Save page as…, "
        "complete”) and upload the page, or a zip of pages with their folders. At most 200 MB.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE:
            raise forms.ValidationError("The file is larger than 200 MB.")
        self.kind = detect_kind(upload.read(512))
        upload.seek(0)
        if self.kind == "zip":
            from .pages import detect_archive_kind

            found = detect_archive_kind(upload.read())
            upload.seek(0)
            if found is None:
                raise forms.ValidationError(
                    "This zip file holds neither a Medium export nor saved web pages, or it "
                    "cannot be opened safely (damaged, or too large once unpacked)."
                )
        if self.kind is None:
            raise forms.ValidationError(f"Quire can import {KINDS_HELP}; this is none of them.")
        return upload


def _author(request: HttpRequest) -> None:
    if not roles.is_author(request.user):
        raise PermissionDenied


def imports(request: HttpRequest) -> HttpResponse:
    _author(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with transaction.atomic():
            job = ImportJob(user=request.user, kind=form.kind, filename=upload.name[:200])
            job.file.save(upload.name, upload, save=False)
            job.save()
            transaction.on_commit(lambda: import_run_task.enqueue(job.pk))
        return HttpResponseRedirect(reverse("imports_admin:job", args=[job.pk]))
    return render(
        request,
        "imports/admin/index.html",
        {
            "page_title": "Import your writing",
            "form": form,
            "fetch_pictures": settings.QUIRE_IMPORT_FETCH_PICTURES,
            "jobs": [
                job_end_if_stalled(j) for j in ImportJob.objects.filter(user=request.user)[:20]
            ],
        },
        status=400 if request.method == "POST" else 200,
    )


def job(request: HttpRequest, pk: int) -> HttpResponse:
    _author(request)
    run = job_end_if_stalled(get_object_or_404(ImportJob, pk=pk, user=request.user))
    counts = {
        s: sum(1 for r in run.report if r.get("status") == s)
        for s in ("imported", "skipped", "failed")
    }
    return render(
        request,
        "imports/admin/job.html",
        {
            "page_title": "Import",
            "job": run,
            "counts": counts,
            "working": run.status in ("queued", "running"),
        },
    )
