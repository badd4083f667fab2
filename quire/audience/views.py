"""The reader's side of the audience: follow and unfollow, the following feed, the
preferences page, an author's followers, "helpful", and unsubscribing from a link.

Pages that show follow buttons are cached whole, the same for everyone, so the buttons
are plain forms that ask for a page of their own (``follow_page``): a visitor who is not
signed in is asked to sign in or sign up there and comes back with the follow done, and
a signed-in reader confirms. With JavaScript (static/audience/audience.js) a signed-in
reader's buttons show what they follow (``state``) and act in place.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from quire.accounts import roles
from quire.articles.models import ArticlePage, ChannelPage
from quire.articles.selectors import hubs_by_author
from quire.core.params import object_id, object_ids, page_number
from quire.core.urls_next import local_next
from quire.pagecache import cacheable
from quire.pagecache import tags as tag

from . import selectors, services
from .models import Email, Follow, Newsletter
from .signals import PENDING_KEY, RETURN_KEY

MAX_STATE_IDS = 60
MAX_PENDING = 5
MAX_TOKEN = 400
HOW_EMAILED = {
    Email.INSTANT: "Their new hubs are emailed to you as they appear.",
    Email.DAILY: "Their new hubs come in your daily digest.",
    Email.WEEKLY: "Its new featured hubs come in your weekly digest.",
    Email.OFF: "Nothing is emailed; their hubs appear in your following feed.",
}


def _target(kind: str, pk: int):
    """What a follow page is about: (display name, its page's address), or None."""
    if kind == "author":
        user = selectors.user_by_pk(pk)
        profile = getattr(user, "author_profile", None) if user and user.is_active else None
        return (profile.display_name, profile.get_absolute_url()) if profile else None
    channel = ChannelPage.objects.live().filter(pk=pk).first()
    return (channel.title, channel.url) if channel else None


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _following(user, kind: str, pk: int) -> bool:
    target = {"author_id": pk} if kind == "author" else {"channel_id": pk}
    return user.is_authenticated and Follow.objects.filter(follower=user, **target).exists()


@never_cache
@require_http_methods(["GET", "POST"])
def follow_page(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Follow or unfollow an author or a channel (GET: the page that asks; POST: do it)."""
    target = _target(kind, pk)
    if target is None:
        error = (
            "This author’s account no longer exists, so they cannot be followed."
            if kind == "author"
            else "This channel no longer exists, so it cannot be followed."
        )
        if _wants_json(request):
            return JsonResponse({"error": error}, status=404)
        return render(request, "audience/follow.html", {"error": error}, status=404)
    name, address = target
    back = local_next(request, request.POST.get("next") or request.GET.get("next")) or address
    user = request.user
    if request.method == "GET":
        return render(
            request,
            "audience/follow.html",
            {
                "kind": kind,
                "pk": pk,
                "name": name,
                "address": address,
                "next": back,
                "following": _following(user, kind, pk),
            },
        )
    if not user.is_authenticated:
        then = request.POST.get("then")
        if then not in ("login", "signup"):
            return redirect(f"{request.path}?{urlencode({'next': back})}")
        pending = [p for p in request.session.get(PENDING_KEY, []) if p != [kind, pk]]
        request.session[PENDING_KEY] = [*pending[-(MAX_PENDING - 1) :], [kind, pk]]
        request.session[RETURN_KEY] = back
        url = reverse("account_login" if then == "login" else "account_signup")
        return redirect(f"{url}?{urlencode({'next': back})}")
    action = request.POST.get("action")
    try:
        if action == "follow":
            follow = (
                services.follow_author(user, pk)
                if kind == "author"
                else services.follow_channel(user, pk)
            )
            text = f"You now follow {name}. " + HOW_EMAILED[follow.email]
        elif action == "unfollow":
            services.unfollow(
                user, **({"author_id": pk} if kind == "author" else {"channel_id": pk})
            )
            text = f"You no longer follow {name}."
        else:
            raise services.AudienceError("Choose to follow or to unfollow.")
    except services.AudienceError as error:
        if _wants_json(request):
            return JsonResponse({"error": error.message}, status=400)
        messages.error(request, error.message)
        return redirect(back)
    following = action == "follow"
    if _wants_json(request):
        body = {"following": following, "message": text}
        if kind == "author":
            body["followers"] = selectors.follower_count(pk)
        return JsonResponse(body)
    messages.success(request, text)
    return redirect(back)


@never_cache
@require_http_methods(["GET", "POST"])
def helpful(request: HttpRequest, hub_id: int) -> HttpResponse:
    """Mark a hub helpful, or take it back (GET: where a visitor is asked to sign in)."""
    hub = ArticlePage.objects.live().filter(pk=hub_id).first()
    if hub is None:
        return render(
            request,
            "audience/follow.html",
            {"error": "This hub is no longer published."},
            status=404,
        )
    if request.method == "GET" or not request.user.is_authenticated:
        return render(request, "audience/helpful.html", {"hub": hub})
    try:
        now = services.reaction_toggle(request.user, hub.pk)
    except services.AudienceError as error:
        if _wants_json(request):
            return JsonResponse({"error": error.message}, status=400)
        messages.error(request, error.message)
        return redirect(hub.url)
    if _wants_json(request):
        return JsonResponse({"helpful": now, "count": selectors.reaction_count(hub.pk)})
    messages.success(request, "Marked helpful. Thank you." if now else "No longer marked helpful.")
    return redirect(hub.url)


@require_GET
def state(request: HttpRequest) -> JsonResponse:
    """What the buttons on a cached page show this reader: what they follow and found
    helpful (signed in), and how many found each hub on the page helpful (everyone; a
    visitor asks with ``hub`` only, and the answer is cached like a page)."""
    authors = object_ids(request.GET.getlist("author"))[:MAX_STATE_IDS]
    channels = object_ids(request.GET.getlist("channel"))[:MAX_STATE_IDS]
    hubs = object_ids(request.GET.getlist("hub"))[:MAX_STATE_IDS]
    user = request.user
    body = {"signedIn": user.is_authenticated}
    if hubs:
        counts = selectors.reaction_counts(hubs)
        body["counts"] = {str(pk): counts.get(pk, 0) for pk in hubs}
    if user.is_authenticated:
        mine = selectors.follow_state(user, authors, channels, hubs)
        body.update(
            csrfToken=get_token(request),
            authors=sorted(mine.authors),
            channels=sorted(mine.channels),
            helpful=sorted(mine.helpful),
        )
    response = JsonResponse(body)
    if user.is_authenticated:
        patch_cache_control(response, private=True, no_store=True)
        return response
    # The same for every visitor: kept by the page cache until one of these hubs changes
    # (a reaction refreshes its hub), so the counts on a cached page cost a cache hit.
    return cacheable(response, *(tag.page(pk) for pk in hubs))


@login_required
def feed(request: HttpRequest) -> HttpResponse:
    number = page_number(request.GET)
    page = selectors.following_feed(request.user, number)
    context = {"feed": page}
    if not page.hubs and number == 1:
        context["suggested_authors"] = selectors.suggested_authors(request.user)
        context["suggested_channels"] = selectors.suggested_channels(request.user)
    return render(request, "audience/feed.html", context)


@login_required
def followers(request: HttpRequest) -> HttpResponse:
    """Who follows the signed-in author, newest first."""
    paginator = Paginator(selectors.followers_of(request.user), 50)
    return render(
        request,
        "audience/followers.html",
        {"followers": paginator.get_page(page_number(request.GET))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    follows = list(selectors.follows_of(request.user))
    errors: dict[int, str] = {}
    if request.method == "POST":
        if request.POST.get("all_off"):
            services.all_email_off(request.user)
            messages.success(request, "No more emails about new hubs. You still follow everyone.")
            return redirect("audience_preferences")
        for follow in follows:
            prefix = f"f{follow.pk}-"
            if prefix + "email" not in request.POST:
                continue
            try:
                services.follow_preferences_set(
                    request.user,
                    follow.pk,
                    email=request.POST.get(prefix + "email", ""),
                    newsletter=bool(request.POST.get(prefix + "newsletter")),
                    take_email_along=bool(request.POST.get(prefix + "take_along")),
                )
            except services.AudienceError as error:
                errors[follow.pk] = error.message
        if not errors:
            messages.success(request, "Your choices are saved.")
            return redirect("audience_preferences")
        # Shown again with what was chosen, and what was wrong beside it.
        for follow in follows:
            follow.error = errors.get(follow.pk, "")
            follow.email = request.POST.get(f"f{follow.pk}-email", follow.email)
    return render(
        request,
        "audience/preferences.html",
        {
            "follows": follows,
            "choices": Email.choices,
            "has_errors": bool(errors),
            "follower_total": selectors.follower_count(request.user.pk),
        },
        status=400 if errors else 200,
    )


@csrf_exempt  # mail providers post here without a token (RFC 8058); the link is signed
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """A link from an email: GET asks (a mail scanner following links unsubscribes
    nobody), POST (the reader's button, or a provider's one-click) does it."""
    try:
        if len(token) > MAX_TOKEN:
            raise services.AudienceError("This unsubscribe link is not one we sent.")
        user, scope = services.unsubscribe_user(token)
    except services.AudienceError as error:
        return render(request, "audience/unsubscribe.html", {"error": error.message}, status=400)
    context = {"address": user.email, "newsletter": scope.startswith("newsletter:")}
    if request.method == "GET":
        return render(request, "audience/unsubscribe.html", context)
    what = services.unsubscribe(user, scope)
    if request.POST.get("List-Unsubscribe") == "One-Click":
        return HttpResponse("Unsubscribed.\n", content_type="text/plain")
    return render(request, "audience/unsubscribe.html", {**context, "done": True, "what": what})


@login_required
@require_http_methods(["GET", "POST"])
def newsletter_form(request: HttpRequest) -> HttpResponse:
    """An author writes and sends their newsletter, and sees what they sent."""
    user = request.user
    if not roles.is_author(user):
        return render(
            request,
            "audience/follow.html",
            {"error": "Newsletters are for authors: become one from “Write” first."},
            status=403,
        )
    error, status = "", 200
    values = {"subject": "", "note": "", "hub": ""}
    if request.method == "POST":
        values = {k: request.POST.get(k, "")[:6000] for k in values}
        hub_id = object_id(request.POST, "hub")
        try:
            newsletter = services.newsletter_send(
                user, subject=values["subject"], note=values["note"], hub_id=hub_id
            )
        except services.AudienceError as problem:
            error, status = problem.message, 400
        else:
            messages.success(
                request,
                f"“{newsletter.subject}” is on its way to your newsletter’s followers.",
            )
            return redirect("audience_newsletter_form")
    past = list(selectors.newsletters_of(user.pk)[:20])
    sent = selectors.newsletter_sent_counts([n.pk for n in past])
    for newsletter in past:
        newsletter.sent = sent.get(newsletter.pk, 0)
    allowed = services.audience_settings(user)
    return render(
        request,
        "audience/newsletter_form.html",
        {
            "error": error,
            "values": values,
            "hubs": hubs_by_author(user)[:200],
            "subscribers": selectors.newsletter_subscribers(user),
            "past": past,
            "hours": settings.QUIRE_AUDIENCE_NEWSLETTER_HOURS,
            "next_allowed": services.newsletter_next_allowed(user),
            "blocked": None if allowed.newsletter_allowed else allowed,
        },
        status=status,
    )


def newsletter(request: HttpRequest, pk: int) -> HttpResponse:
    """A past newsletter, as its followers received it: linked from the author's profile."""
    item = Newsletter.objects.select_related("author__author_profile", "hub").filter(pk=pk).first()
    profile = getattr(item.author, "author_profile", None) if item else None
    if item is None or profile is None or not item.author.is_active:
        return render(
            request, "audience/follow.html", {"error": "There is no such newsletter."}, status=404
        )
    response = render(request, "audience/newsletter.html", {"newsletter": item, "profile": profile})
    return cacheable(response, tag.audience(item.author_id))


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """A signed-in person's notifications, newest first; seeing them marks them read."""
    paginator = Paginator(selectors.notifications_of(request.user), 30)
    page = paginator.get_page(page_number(request.GET))
    items = list(page.object_list)
    response = render(
        request,
        "audience/notifications.html",
        {"notifications": page, "items": items, "unread": {n.pk for n in items if not n.read_at}},
    )
    services.notifications_read(request.user)
    return response
