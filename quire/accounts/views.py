from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from quire.authors.selectors import unique_author_slug
from quire.comments.services import preferences_for

from .forms import CommentPreferencesForm, ProfileSettingsForm


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    """A person's public profile and their comment and email preferences."""
    profile = request.user.author_profile
    prefs = preferences_for(request.user)
    data = request.POST if request.method == "POST" else None
    profile_form = ProfileSettingsForm(
        data, request.FILES or None, instance=profile, prefix="profile"
    )
    prefs_form = CommentPreferencesForm(data, instance=prefs, prefix="prefs")
    if request.method == "POST" and profile_form.is_valid() and prefs_form.is_valid():
        with transaction.atomic():
            if "display_name" in profile_form.changed_data:
                profile_form.instance.slug = unique_author_slug(
                    profile_form.cleaned_data["display_name"], exclude_pk=profile.pk
                )
            profile_form.save()
            prefs_form.save()
        messages.success(request, "Your settings are saved.")
        return HttpResponseRedirect(reverse("account_settings"))
    return render(
        request,
        "accounts/settings.html",
        {
            "profile_form": profile_form,
            "prefs_form": prefs_form,
            "profile": profile,
            "social_providers": [p.name for p in get_social_adapter().list_providers(request)],
        },
        status=400 if request.method == "POST" else 200,
    )
