"""The editors' side of the editor: featuring hubs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from quire.accounts import roles
from quire.articles.models import ArticlePage
from quire.articles.selectors import channel_bar
from quire.articles.wxr import hubs_wxr
from quire.core.params import page_number
from quire.core.urls_next import local_next

from .services import EditorialError, hub_feature

TABS = [("assess", "Not featured"), ("featured", "Featured")]


def _editor_required(request: HttpRequest) -> None:
    if not roles.is_editor(request.user):
        raise PermissionDenied


def new_hub(request: HttpRequest) -> HttpResponse:
    """Start a hub: choose its channel (every writer may write in every channel)."""

    return render(
        request,
        "editorial/admin/new_hub.html",
        {"page_title": "Write a new hub", "channels": channel_bar()},
    )


def featuring(request: HttpRequest) -> HttpResponse:
    """Published hubs for editors to feature: not featured yet (newest first) or featured."""
    _editor_required(request)
    tab = request.GET.get("tab")
    tab = tab if tab in dict(TABS) else "assess"
    hubs = (
        ArticlePage.objects.live()
        .filter(featured=(tab == "featured"))
        .select_related("owner__author_profile")
        .defer("body")
        .order_by("-last_published_at", "-pk")
    )
    page = Paginator(hubs, 50).get_page(page_number(request.GET))
    return render(
        request,
        "editorial/admin/featuring.html",
        {
            "page_title": "Featuring",
            "page": page,
            "tab": tab,
            "tabs": [
                {"key": key, "label": label, "url": f"?tab={key}", "current": key == tab}
                for key, label in TABS
            ],
        },
    )


@require_POST
def feature(request: HttpRequest, pk: int) -> HttpResponse:
    _editor_required(request)
    hub = get_object_or_404(ArticlePage, pk=pk)
    featured = request.POST.get("featured") == "1"
    try:
        changed = hub_feature(hub, request.user, featured=featured)
    except EditorialError as error:
        messages.error(request, str(error))
    else:
        if changed:
            verb = "is now featured" if featured else "is no longer featured"
            messages.success(request, f"“{hub.title}” {verb}.")
    target = local_next(request, request.POST.get("next", ""))
    return HttpResponseRedirect(target or reverse("editorial_admin:featuring"))


def export_hubs(request: HttpRequest) -> HttpResponse:
    """An author takes their hubs away: as Markdown with pictures (zip), or as a WordPress
    export file (WXR) with pictures as attachments and comments. Their own hubs only."""
    import os

    from django.conf import settings
    from django.http import FileResponse
    from django.utils import timezone

    from .account import hub_entries, hubs_markdown_zip, published_comments

    if not roles.is_author(request.user):
        raise PermissionDenied
    fmt = request.GET.get("format")
    stamp = f"{timezone.localdate():%Y-%m-%d}"
    slug = request.user.author_profile.slug
    if fmt == "wxr":
        data = hubs_wxr(
            hub_entries(request.user),
            comments_of=published_comments,
            base_url=settings.WAGTAILADMIN_BASE_URL,
            site_name=settings.QUIRE_SITE_NAME,
            author=request.user,
        )
        response = HttpResponse(data, content_type="application/rss+xml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{slug}-hubs-{stamp}.xml"'
        return response
    if fmt == "markdown":
        path = hubs_markdown_zip(request.user)
        handle = open(path, "rb")  # noqa: SIM115 (FileResponse closes it)
        os.unlink(path)  # the open handle keeps the data until the response is sent
        return FileResponse(
            handle,
            as_attachment=True,
            filename=f"{slug}-hubs-{stamp}.zip",
            content_type="application/zip",
        )
    return render(request, "editorial/admin/export.html", {"page_title": "Export your hubs"})
