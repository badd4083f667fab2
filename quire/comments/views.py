"""Readers' comment views: post, edit, delete, flag. Each translates HTTP to a service call."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from quire.articles.models import ArticlePage
from quire.pagecache.fragments import FragmentSpec

from . import selectors, services
from .forms import CommentEditForm, CommentForm, FlagForm
from .models import Comment
from .spam import honeypot


def _guest_ids(request: HttpRequest) -> list[int]:
    # Only look into a session that exists: an anonymous reader without one gets a page
    # that is the same for everyone.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return []
    return list(request.session.get(selectors.GUEST_SESSION_KEY, []))


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _reply_target(request: HttpRequest, hub, form) -> Comment | None:
    raw = form.data.get("parent") if form is not None and form.is_bound else None
    raw = raw or request.GET.get("reply_to")
    try:
        parent_id = int(raw)
    except (TypeError, ValueError):
        return None
    return (
        Comment.objects.filter(
            pk=parent_id, hub=hub, status=Comment.Status.PUBLISHED, deleted_at__isnull=True
        )
        .select_related("user__author_profile")
        .first()
    )


def section_fragment(request: HttpRequest, hub, form: CommentForm | None = None) -> FragmentSpec:
    """The comment section as a fragment: kept rendered when it is the same for every
    reader who sees it (anonymous, nothing of theirs pending, no form with a per-render
    token), else rendered for this reader."""

    def provide() -> dict:
        return section_context(request, hub, form)

    number = request.GET.get("comments", "1")
    shared = (
        not request.user.is_authenticated
        and not settings.QUIRE_COMMENTS_ALLOW_GUESTS
        and form is None
        and not _guest_ids(request)
        and "reply_to" not in request.GET
        and number.isdigit()
        and len(number) <= 6
    )
    key = f"comments:{hub.pk}:{int(number)}" if shared else None
    return FragmentSpec(key, (f"page:{hub.pk}",), provide)


def section_context(request: HttpRequest, hub, form: CommentForm | None = None) -> dict:
    """Everything the comment section under a hub needs."""
    user = request.user
    guest = not user.is_authenticated and settings.QUIRE_COMMENTS_ALLOW_GUESTS
    can_post = hub.comments_open and (user.is_authenticated or guest)
    if form is None and can_post:
        form = CommentForm(guest=guest)
    reply_to = _reply_target(request, hub, form) if can_post else None
    if form is not None and reply_to is not None and not form.is_bound:
        form.initial["parent"] = reply_to.pk
    page = selectors.thread_page(
        hub, user, request.GET.get("comments", 1), guest_ids=_guest_ids(request)
    )
    for comment in page.object_list:
        for item in [comment, *comment.thread_replies]:
            item.viewer_can_edit = services.can_edit(item, user)
            item.viewer_is_writer = user.is_authenticated and item.user_id == user.pk
    back = hub.get_url(request) or "/"
    return {
        "comment_section": True,
        "comments_page": page,
        "comment_total": page.total,
        "comment_form": form if can_post else None,
        "comment_reply_to": reply_to,
        "comment_max_chars": settings.QUIRE_COMMENT_MAX_CHARS,
        "comment_edit_minutes": settings.QUIRE_COMMENT_EDIT_MINUTES,
        "comment_login_url": reverse("account_login") + "?" + urlencode({"next": back}),
        "comment_signup_url": reverse("account_signup") + "?" + urlencode({"next": back}),
    }


def _render_hub(request, hub, form, error: str | None = None, status: int = 400):
    context = hub.get_context(request, comment_form=form)
    context["comment_error"] = error
    response = TemplateResponse(request, hub.get_template(request), context, status=status)
    hub.allow_frames(response)
    return response


@require_POST
def post_comment(request: HttpRequest, hub_id: int) -> HttpResponse:
    hub = get_object_or_404(ArticlePage, pk=hub_id)
    guest = not request.user.is_authenticated and settings.QUIRE_COMMENTS_ALLOW_GUESTS
    form = CommentForm(request.POST, guest=guest)
    if not hub.live:
        # The hub cannot be shown; show the text so nothing typed is lost.
        return render(
            request,
            "comments/unavailable.html",
            {
                "message": "This hub is not published, so it cannot take comments.",
                "text": request.POST.get("text", ""),
            },
            status=400,
        )
    if not form.is_valid():
        return _render_hub(request, hub, form)
    data = form.cleaned_data
    try:
        comment = services.comment_post(
            hub=hub,
            user=request.user,
            text=data["text"],
            parent_id=data.get("parent"),
            guest_name=data.get("guest_name", ""),
            guest_email=data.get("guest_email", ""),
            ip_address=_client_ip(request),
            honeypot=data.get(honeypot.FIELD_NAME, ""),
            form_token=data.get("rendered", ""),
        )
    except services.CommentError as error:
        return _render_hub(request, hub, form, error.message)
    if comment.user_id is None:
        ids = _guest_ids(request)
        request.session[selectors.GUEST_SESSION_KEY] = [*ids[-19:], comment.pk]
    if comment.is_published:
        messages.success(request, "Your comment is published.")
    else:
        messages.info(request, "Thank you. Your comment is awaiting approval.")
    return HttpResponseRedirect(f"{hub.get_url(request)}#comment-{comment.pk}")


def _own_comment(request, comment_id: int) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related("hub"), pk=comment_id)
    if comment.user_id != request.user.pk:
        raise Http404("No such comment of yours.")
    return comment


def _back_to(comment: Comment, request) -> str:
    return f"{comment.hub.get_url(request)}#comment-{comment.pk}"


@login_required
def edit_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _own_comment(request, comment_id)
    error = None
    if request.method == "POST":
        form = CommentEditForm(request.POST)
        if form.is_valid():
            try:
                services.comment_edit(
                    comment=comment, user=request.user, text=form.cleaned_data["text"]
                )
            except services.CommentError as exc:
                error = exc.message
            else:
                messages.success(request, "Your comment is updated.")
                return HttpResponseRedirect(_back_to(comment, request))
    else:
        form = CommentEditForm(initial={"text": comment.text})
        if not services.can_edit(comment, request.user):
            minutes = settings.QUIRE_COMMENT_EDIT_MINUTES
            error = f"Comments can be edited for {minutes} minutes after posting."
    return render(
        request,
        "comments/edit.html",
        {
            "comment": comment,
            "form": form,
            "error": error,
            "comment_max_chars": settings.QUIRE_COMMENT_MAX_CHARS,
            "deadline": services.edit_deadline(comment),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def delete_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _own_comment(request, comment_id)
    if comment.is_deleted:
        messages.info(request, "That comment was already deleted.")
        return HttpResponseRedirect(comment.hub.get_url(request) + "#comments")
    if request.method == "POST":
        services.comment_delete(comment=comment, user=request.user)
        messages.success(request, "Your comment is deleted.")
        return HttpResponseRedirect(comment.hub.get_url(request) + "#comments")
    return render(request, "comments/delete.html", {"comment": comment})


@login_required
def flag_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(
        Comment.objects.select_related("hub", "user__author_profile"),
        pk=comment_id,
        status=Comment.Status.PUBLISHED,
        deleted_at__isnull=True,
    )
    error = None
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_flag(
                comment=comment, user=request.user, reason=form.cleaned_data["reason"]
            )
        except services.CommentError as exc:
            error = exc.message
        else:
            messages.success(request, "Thank you. The moderators will take a look.")
            return HttpResponseRedirect(comment.hub.get_url(request) + "#comments")
    return render(
        request,
        "comments/flag.html",
        {"comment": comment, "form": form, "error": error},
        status=400 if request.method == "POST" else 200,
    )
