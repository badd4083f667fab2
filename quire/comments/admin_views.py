"""The comment moderation pages in the author center (Wagtail admin).

Authors see and act on comments on their own hubs only; site moderators (permission
``comments.moderate_comment``, given to Wagtail's Moderators and Editors groups) see
everything. Every listing goes through :func:`selectors.moderation_queryset` and every
action through :func:`services.comment_moderate`, which checks permission again.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from quire.core.params import object_ids, page_number, parse_int

from . import selectors, services
from .forms import CommentEditForm
from .models import Comment

PER_PAGE = 50
STATUS_TABS = [
    ("", "All"),
    (Comment.Status.PENDING, "Awaiting approval"),
    (Comment.Status.PUBLISHED, "Published"),
    (Comment.Status.SPAM, "Spam"),
    (Comment.Status.REJECTED, "Rejected"),
]


def _filtered(request: HttpRequest):
    qs = selectors.moderation_queryset(request.user).filter(deleted_at__isnull=True)
    status = request.GET.get("status", "")
    if status in Comment.Status.values:
        qs = qs.filter(status=status)
    if request.GET.get("flagged"):
        qs = qs.filter(flag_count__gt=0)
    if hub := request.GET.get("hub", "").strip():
        # A hub's id, or words of its title (a number no id can be is looked for there).
        hub_id = parse_int(hub, minimum=1)
        qs = qs.filter(hub_id=hub_id) if hub_id else qs.filter(hub__title__icontains=hub)
    if writer := request.GET.get("writer", "").strip():
        qs = qs.filter(
            Q(user__author_profile__display_name__icontains=writer)
            | Q(guest_name__icontains=writer)
        )
    if author := request.GET.get("author", "").strip():
        qs = qs.filter(hub__owner__author_profile__display_name__icontains=author)
    if text := request.GET.get("q", "").strip():
        qs = qs.filter(text__icontains=text)
    return qs.order_by("-created_at", "-pk"), status


def index(request: HttpRequest) -> HttpResponse:
    qs, status = _filtered(request)
    base = selectors.moderation_queryset(request.user).filter(deleted_at__isnull=True)
    counts = base.aggregate(
        all=Count("pk"),
        **{value: Count("pk", filter=Q(status=value)) for value in Comment.Status.values},
        flagged=Count("pk", filter=Q(flag_count__gt=0)),
    )
    page = Paginator(qs, PER_PAGE).get_page(page_number(request.GET, "p"))
    query = request.GET.copy()
    query.pop("p", None)
    tabs = []
    for value, label in STATUS_TABS:
        tab_query = query.copy()
        tab_query["status"] = value
        tabs.append(
            {
                "label": label,
                "count": counts[value or "all"],
                "url": "?" + tab_query.urlencode(),
                "current": value == status,
            }
        )
    return render(
        request,
        "comments/admin/index.html",
        {
            "page_title": "Comments",
            "header_icon": "comment",
            "page": page,
            "tabs": tabs,
            "flagged_count": counts["flagged"],
            "filters": request.GET,
            "query": query.urlencode(),
            "actions": services.MODERATION_ACTIONS,
            "is_site_moderator": services.is_site_moderator(request.user),
        },
    )


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    admin_root = reverse("comments_admin:index")
    return target if target.startswith(admin_root) else admin_root


@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action", "")
    ids = object_ids(request.POST.getlist("ids"))
    if action not in services.MODERATION_ACTIONS or not ids:
        messages.error(request, "Choose some comments and an action.")
        return HttpResponseRedirect(_back(request))
    # Only comments this person may moderate are even looked at.
    comments = selectors.moderation_queryset(request.user).filter(pk__in=ids)
    done = 0
    for comment in comments:
        services.comment_moderate(comment=comment, user=request.user, action=action)
        done += 1
    label = services.MODERATION_ACTIONS[action].lower()
    messages.success(request, f"{label.capitalize()}: {done} comment{'s' if done != 1 else ''}.")
    return HttpResponseRedirect(_back(request))


def _moderatable(request: HttpRequest, pk: int) -> Comment:
    comment = selectors.moderation_queryset(request.user).filter(pk=pk).first()
    if comment is None:
        # Another author's comment looks exactly like one that does not exist.
        raise Http404("No such comment.")
    return comment


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _moderatable(request, pk)
    reply_form = CommentEditForm(request.POST or None)
    status = 200
    if request.method == "POST" and reply_form.is_valid():
        try:
            reply = services.comment_post(
                hub=comment.hub,
                user=request.user,
                text=reply_form.cleaned_data["text"],
                parent_id=comment.parent_id or comment.pk,
                ip_address=request.META.get("REMOTE_ADDR"),
            )
        except services.CommentError as error:
            reply_form.add_error("text", error.message)
        else:
            messages.success(request, "Your reply is published.")
            return HttpResponseRedirect(reverse("comments_admin:detail", args=[reply.pk]))
    if request.method == "POST":
        status = 400
    return render(
        request,
        "comments/admin/detail.html",
        {
            "page_title": "Comment",
            "header_icon": "comment",
            "comment": comment,
            "flags": comment.flags.select_related("user__author_profile"),
            "reply_form": reply_form,
            "form": reply_form,
            "actions": services.MODERATION_ACTIONS,
            "comment_max_chars": services.settings.QUIRE_COMMENT_MAX_CHARS,
        },
        status=status,
    )


@require_POST
def act(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _moderatable(request, pk)
    try:
        services.comment_moderate(
            comment=comment, user=request.user, action=request.POST.get("action", "")
        )
    except services.CommentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Comment {comment.get_status_display().lower()}.")
    return HttpResponseRedirect(_back(request))
