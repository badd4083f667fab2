"""Reader-facing editorial views: the way from reader to author."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from . import roles
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


@login_required
def become_author_view(request: HttpRequest) -> HttpResponse:
    if roles.is_author(request.user):
        return HttpResponseRedirect(reverse("wagtailadmin_home"))
    form = BecomeAuthorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            become_author(request.user, accepted=form.cleaned_data["accept"])
        except EditorialError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Welcome, author. Start your first hub here.")
            return HttpResponseRedirect(reverse("wagtailadmin_home"))
    return render(
        request,
        "editorial/become_author.html",
        {"form": form, "terms": author_terms_page()},
        status=400 if request.method == "POST" else 200,
    )
