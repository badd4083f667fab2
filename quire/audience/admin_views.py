"""The editors' page of newsletters (in Wagtail's admin): what authors sent, and turning an
author's newsletter off (with a reason they are shown) or on again."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.http import require_POST

from quire.accounts import roles
from quire.core.params import object_id

from . import selectors, services
from .models import AuthorAudience, Newsletter

app_name = "audience_admin"


def _editors_only(request) -> None:
    if not roles.is_editor(request.user):
        raise PermissionDenied("Only editors look after newsletters.")


def index(request):
    _editors_only(request)
    recent = list(
        Newsletter.objects.select_related("author__author_profile").order_by("-created_at")[:100]
    )
    sent = selectors.newsletter_sent_counts([n.pk for n in recent])
    off = {
        row.author_id: row
        for row in AuthorAudience.objects.filter(newsletter_allowed=False).select_related(
            "author__author_profile"
        )
    }
    for newsletter in recent:
        newsletter.sent = sent.get(newsletter.pk, 0)
        newsletter.author_off = newsletter.author_id in off
    return TemplateResponse(
        request,
        "audience/admin/newsletters.html",
        {"newsletters": recent, "turned_off": list(off.values())},
    )


@require_POST
def allow(request):
    _editors_only(request)
    author_id = object_id(request.POST, "author")
    allowed = request.POST.get("allowed") == "1"
    try:
        if author_id is None:
            raise services.AudienceError("Choose an author.")
        services.newsletter_allow(
            request.user, author_id, allowed=allowed, reason=request.POST.get("reason", "")
        )
    except services.AudienceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            "Newsletters are on again for this author."
            if allowed
            else "Newsletters are off for this author; they see your reason.",
        )
    return redirect("audience_admin:index")


urls = [path("", index, name="index"), path("allow/", allow, name="allow")]
