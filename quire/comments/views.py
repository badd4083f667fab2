"""Readers' comment views: post, edit, delete, flag. Each translates HTTP to a service call.

Each first asks :func:`hub_refusal` whether this request may see the hub the comment is
on, as the hub's own page would answer, before it shows anything of the hub or takes
anything from the visitor.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST
from wagtail.models import PageViewRestriction

from quire.articles.models import ArticlePage
from quire.articles.sections import hub_page_response
from quire.core.params import object_id, page_number
from quire.pagecache import tags as tag
from quire.pagecache.fragments import FragmentSpec

from . import selectors, services
from .forms import CommentEditForm, CommentForm, FlagForm
from .models import Comment
from .spam import honeypot


@dataclass(frozen=True)
class Refusal:
    """Why a request may not go on: its status, a message, and where to go instead."""

    status: int
    message: str
    links: tuple[tuple[str, str], ...] = ()


def _sign_in_links(request: HttpRequest, hub) -> tuple[tuple[str, str], ...]:
    back = urlencode({"next": hub.get_url(request) or "/"})
    return (
        ("Sign in", f"{reverse('account_login')}?{back}"),
        ("Sign up", f"{reverse('account_signup')}?{back}"),
    )


def hub_refusal(request: HttpRequest, hub) -> Refusal | None:
    """None when this request may see ``hub`` as the hub's own page decides: the hub is
    live, and every view restriction on it or above it (a password, signing in, groups)
    accepts the request, asked as Wagtail's ``check_view_restrictions`` asks it."""
    if not hub.live:
        return Refusal(404, "This hub is not published, so its comments are not available.")
    for restriction in hub.get_view_restrictions():
        if restriction.accept_request(request):
            continue
        if restriction.restriction_type == PageViewRestriction.PASSWORD:
            return Refusal(
                403,
                "This hub is protected by a password. Enter the password on the hub's page, "
                "then try again.",
                (("Go to the hub's page", hub.get_url(request) or "/"),),
            )
        if not request.user.is_authenticated:
            return Refusal(
                403,
                "This hub is for signed-in readers. Sign in, then try again.",
                _sign_in_links(request, hub),
            )
        return Refusal(403, "This hub is open to some readers only, and your account is not one.")
    return None


def _refused(request: HttpRequest, refusal: Refusal, heading: str) -> HttpResponse:
    """The refusal as a page of its own: nothing of the hub, and what the visitor typed
    given back so nothing is lost."""
    text = request.POST.get("text", "") if request.method == "POST" else ""
    response = render(
        request,
        "comments/unavailable.html",
        {"heading": heading, "message": refusal.message, "text": text, "links": refusal.links},
        status=refusal.status,
    )
    add_never_cache_headers(response)
    return response


def _guest_ids(request: HttpRequest) -> list[int]:
    # Only look into a session that exists: an anonymous reader without one gets a page
    # that is the same for everyone.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return []
    return list(request.session.get(selectors.GUEST_SESSION_KEY, []))


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _reply_target(request: HttpRequest, hub, form) -> Comment | None:
    posted = object_id(form.data, "parent") if form is not None and form.is_bound else None
    return services.reply_target(hub, posted or object_id(request.GET, "reply_to"))


def section_fragment(request: HttpRequest, hub, form: CommentForm | None = None) -> FragmentSpec:
    """The comment section as a fragment: kept rendered when it is the same for every
    reader who sees it (anonymous, nothing of theirs pending, no form with a per-render
    token), else rendered for this reader."""

    def provide() -> dict:
        return section_context(request, hub, form)

    number = page_number(request.GET, "comments")
    shared = (
        not request.user.is_authenticated
        and not settings.QUIRE_COMMENTS_ALLOW_GUESTS
        and form is None
        and not _guest_ids(request)
        and "reply_to" not in request.GET
    )
    key = f"comments:{hub.pk}:{number}" if shared else None
    return FragmentSpec(key, (tag.page(hub.pk),), provide)


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
        hub, user, page_number(request.GET, "comments"), guest_ids=_guest_ids(request)
    )
    for comment in page.object_list:
        for item in [comment, *comment.thread_replies]:
            item.viewer_can_edit = services.can_edit(item, user)
            item.viewer_is_writer = user.is_authenticated and item.user_id == user.pk
    back = hub.get_url(request) or "/"
    return {
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
    """The hub's page again, the rejected comment's text kept in the form."""
    state = {"comment_form": form, "comment_error": error}
    return hub_page_response(request, hub, state=state, status=status)


@require_POST
def post_comment(request: HttpRequest, hub_id: int) -> HttpResponse:
    hub = get_object_or_404(ArticlePage, pk=hub_id)
    # Who may see the hub and who may post are settled before the text is looked at.
    refusal = hub_refusal(request, hub)
    if refusal is None and not services.may_post(request.user):
        refusal = Refusal(400, "Sign in or sign up to comment.", _sign_in_links(request, hub))
    if refusal is not None:
        return _refused(request, refusal, "Your comment was not posted")
    form = CommentForm(request.POST, guest=not request.user.is_authenticated)
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
        return _render_hub(request, hub, form, _field_error(form, error))
    if comment.user_id is None:
        ids = _guest_ids(request)
        request.session[selectors.GUEST_SESSION_KEY] = [*ids[-19:], comment.pk]
    if comment.is_published:
        messages.success(request, "Your comment is published.")
    else:
        messages.info(request, "Thank you. Your comment is awaiting approval.")
    return HttpResponseRedirect(f"{hub.get_url(request)}#comment-{comment.pk}")


def _field_error(form, error: services.CommentError) -> str | None:
    """Put an error about a field next to that field; return one about the whole comment."""
    if error.field in form.fields:
        form.add_error(error.field, error.message)
        return None
    return error.message


def _hub_url(comment: Comment, request) -> str:
    return comment.hub.get_url(request) or "/"


def _back_to(comment: Comment, request) -> str:
    return f"{_hub_url(comment, request)}#comment-{comment.pk}"


def _own_comment(request, comment_id: int) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related("hub"), pk=comment_id)
    if comment.user_id != request.user.pk:
        raise Http404("No such comment of yours.")
    return comment


@login_required
def edit_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _own_comment(request, comment_id)
    if refusal := hub_refusal(request, comment.hub):
        return _refused(request, refusal, "Your comment cannot be edited")
    error = None
    if request.method == "POST":
        form = CommentEditForm(request.POST)
        if form.is_valid():
            try:
                services.comment_edit(
                    comment=comment, user=request.user, text=form.cleaned_data["text"]
                )
            except services.CommentError as exc:
                error = _field_error(form, exc)
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
    if refusal := hub_refusal(request, comment.hub):
        return _refused(request, refusal, "Your comment cannot be deleted here")
    if comment.is_deleted:
        messages.info(request, "That comment was already deleted.")
        return HttpResponseRedirect(_hub_url(comment, request) + "#comments")
    if request.method == "POST":
        services.comment_delete(comment=comment, user=request.user)
        messages.success(request, "Your comment is deleted.")
        return HttpResponseRedirect(_hub_url(comment, request) + "#comments")
    return render(request, "comments/delete.html", {"comment": comment})


@login_required
def flag_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(
        Comment.objects.select_related("hub", "user__author_profile"),
        pk=comment_id,
        status=Comment.Status.PUBLISHED,
        deleted_at__isnull=True,
    )
    if refusal := hub_refusal(request, comment.hub):
        return _refused(request, refusal, "This comment cannot be flagged")
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
            return HttpResponseRedirect(_hub_url(comment, request) + "#comments")
    return render(
        request,
        "comments/flag.html",
        {"comment": comment, "form": form, "error": error},
        status=400 if request.method == "POST" else 200,
    )
