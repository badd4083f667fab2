"""Reader-facing editorial views: the way from reader to author."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from quire.accounts import roles

from .door import entrance_reason, may_enter, safe_next, with_next
from .forms import BecomeAuthorForm
from .services import EditorialError, author_terms_page, become_author


def write(request: HttpRequest) -> HttpResponse:
    """The site's "Write" link: the author center for authors, the author terms for
    readers, sign-in for visitors."""
    if not request.user.is_authenticated:
        return HttpResponseRedirect(f"{reverse('account_login')}?next={reverse('write')}")
    if roles.is_author(request.user):
        return HttpResponseRedirect(reverse("wagtailadmin_home"))
    return HttpResponseRedirect(reverse("become_author"))


def author_center(request: HttpRequest) -> HttpResponse:
    """What the author center is and the way in (sign in, become an author), or why this
    account may not enter: where an editor link leads those who may not use the editor."""
    target = safe_next(request)
    if may_enter(request.user):
        return HttpResponseRedirect(target or reverse("wagtailadmin_home"))
    return render(
        request,
        "editorial/author_center.html",
        {
            "reason": entrance_reason(request.user),
            "become_author_url": with_next(reverse("become_author"), target),
            "sign_in_url": with_next(reverse("account_login"), target or reverse("write")),
        },
    )


@login_required
def become_author_view(request: HttpRequest) -> HttpResponse:
    # Back to the editor page a reader was sent from, once they may open it.
    home = reverse("wagtailadmin_home")
    target = safe_next(request) or home
    if roles.is_author(request.user):
        return HttpResponseRedirect(target)
    form = BecomeAuthorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            become_author(request.user, accepted=form.cleaned_data["accept"])
        except EditorialError as error:
            form.add_error(None, str(error))
        else:
            welcome = "Welcome, author." + (" Start your first hub here." if target == home else "")
            messages.success(request, welcome)
            return HttpResponseRedirect(target)
    return render(
        request,
        "editorial/become_author.html",
        {"form": form, "terms": author_terms_page()},
        status=400 if request.method == "POST" else 200,
    )
