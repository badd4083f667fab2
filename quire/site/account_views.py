from pathlib import PurePosixPath

from allauth.account.decorators import reauthentication_required
from allauth.core import ratelimit
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from quire.accounts import roles
from quire.accounts.deletion import deletion_blocker
from quire.accounts.models import DataExport
from quire.accounts.tasks import account_delete_task, data_export_task
from quire.articles.models import ArticlePage
from quire.authors.selectors import unique_author_slug
from quire.comments.services import preferences_for

from .account_forms import (
    CommentPreferencesForm,
    DeleteAccountForm,
    ProfileSettingsForm,
    ReviewEmailsForm,
)


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    """A person's public profile and their comment, review and email preferences."""
    profile = request.user.author_profile
    prefs = preferences_for(request.user)
    data = request.POST if request.method == "POST" else None
    profile_form = ProfileSettingsForm(
        data, request.FILES or None, instance=profile, prefix="profile"
    )
    prefs_form = CommentPreferencesForm(data, instance=prefs, prefix="prefs")
    forms_ = [profile_form, prefs_form]
    review_form = None
    editor = roles.is_editor(request.user)
    if editor or roles.is_author(request.user):
        review_form = ReviewEmailsForm(data, user=request.user, editor=editor, prefix="review")
        forms_.append(review_form)
    if request.method == "POST" and all(form.is_valid() for form in forms_):
        with transaction.atomic():
            if "display_name" in profile_form.changed_data:
                profile_form.instance.slug = unique_author_slug(
                    profile_form.cleaned_data["display_name"], exclude_pk=profile.pk
                )
            for form in forms_:
                form.save()
        messages.success(request, "Your settings are saved.")
        return HttpResponseRedirect(reverse("account_settings"))
    return render(
        request,
        "accounts/settings.html",
        {
            "profile_form": profile_form,
            "prefs_form": prefs_form,
            "review_form": review_form,
            "profile": profile,
            "social_providers": [p.name for p in get_social_adapter().list_providers(request)],
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def account_data(request: HttpRequest) -> HttpResponse:
    """Download my data: ask for a fresh export, see its progress, download it."""
    exports = DataExport.objects.filter(user=request.user)
    latest = exports.first()
    if request.method == "POST":
        if latest and latest.status == DataExport.Status.QUEUED:
            messages.info(request, "Your data is already being prepared; we will email you.")
        else:
            old = list(exports)
            export = DataExport.objects.create(user=request.user)
            for previous in old:
                previous.file.delete(save=False)
                previous.delete()
            transaction.on_commit(lambda: data_export_task.enqueue(export.pk))
            messages.success(
                request, "We are preparing your data and will email you when it is ready."
            )
        return HttpResponseRedirect(reverse("account_data"))
    return render(request, "accounts/data.html", {"export": latest})


@login_required
def account_data_download(request: HttpRequest, pk: int) -> HttpResponse:
    export = get_object_or_404(DataExport, pk=pk, user=request.user)
    if not export.downloadable:
        messages.error(request, "That download has expired: ask for a fresh copy.")
        return HttpResponseRedirect(reverse("account_data"))
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=PurePosixPath(export.file.name).name,
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _without_password(request: HttpRequest) -> bool:
    return request.user.is_authenticated and not request.user.has_usable_password()


@login_required
@reauthentication_required(allow_get=True, enabled=_without_password)
def account_delete(request: HttpRequest) -> HttpResponse:
    """Delete my account, as the person chooses, in a background task. Confirmed by the
    password (or, for accounts without one, a fresh sign-in with their provider)."""

    user = request.user
    hub_count = ArticlePage.objects.filter(owner=user).count()
    if user.is_superuser:
        messages.error(
            request,
            "Administrators cannot delete their own account here: ask another administrator "
            "to remove your administrator rights first.",
        )
        return HttpResponseRedirect(reverse("account_settings"))

    def check_password(password: str) -> bool:
        if not ratelimit.consume(request, action="reauthenticate", user=user):
            raise forms.ValidationError("Too many tries: wait a minute and try again.")
        return user.check_password(password)

    form = DeleteAccountForm(
        request.POST if request.method == "POST" else None,
        user=user,
        has_hubs=hub_count > 0,
        check_password=check_password,
    )
    blocker = deletion_blocker(user)
    if request.method == "POST" and blocker:
        form.is_valid()
        form.add_error(None, blocker)
    if request.method == "POST" and not blocker and form.is_valid():
        hubs, comments = form.cleaned_data["hubs"], form.cleaned_data["comments"]
        with transaction.atomic():
            user.is_active = False
            user.save(update_fields=["is_active"])
            transaction.on_commit(lambda: account_delete_task.enqueue(user.pk, hubs, comments))
        logout(request)
        return HttpResponseRedirect(reverse("account_deleted"))
    return render(
        request,
        "accounts/delete.html",
        {"form": form, "hub_count": hub_count, "blocker": blocker},
        status=400 if request.method == "POST" else 200,
    )


def account_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/deleted.html")
