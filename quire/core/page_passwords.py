"""Passwords of view-restricted pages and documents, throttled. Wagtail checks them with no
limit; quire/urls.py routes its two password views through :func:`password_tries_limited`,
which counts tries on the shared limiter (``ratelimit.py``)."""

from .ratelimit import LimitReached, Rate, address_identity, hit_all

PASSWORD_ADDRESS_WINDOW = 10 * 60
PASSWORD_PAGE_WINDOW = 3600
TOO_MANY_FROM_YOU = "Too many wrong passwords from your address. Wait ten minutes, then try again."
TOO_MANY_FOR_PAGE = (
    "Too many wrong passwords have been tried here lately. Please try again in an hour."
)


def password_tries_limited(view, *, scope: str, restriction: str):
    """Wrap Wagtail's ``authenticate_with_password`` view for pages or documents (its URL
    argument ``restriction`` is the restriction's id): each POST takes a try from its
    address and from the restriction, and a right password gives it back. Past a limit
    the same form comes back with a message and status 429, unchecked."""
    from functools import wraps

    from django.conf import settings

    @wraps(view)
    def limited(request, **kwargs):
        if request.method != "POST":
            return view(request, **kwargs)
        address = request.META.get("REMOTE_ADDR", "")
        tries = [
            (
                f"{scope}.address",
                address_identity(address),
                Rate(settings.QUIRE_PAGE_PASSWORD_TRIES_PER_ADDRESS, PASSWORD_ADDRESS_WINDOW),
            ),
            (
                f"{scope}.restriction",
                str(kwargs[restriction]),
                Rate(settings.QUIRE_PAGE_PASSWORD_TRIES_PER_PAGE, PASSWORD_PAGE_WINDOW),
            ),
        ]
        try:
            counted = hit_all(tries)
        except LimitReached as full:
            message = TOO_MANY_FROM_YOU if full.scope.endswith(".address") else TOO_MANY_FOR_PAGE
            return _password_refused(view, request, kwargs, message)
        response = view(request, **kwargs)
        if 300 <= response.status_code < 400:  # the password was right: Wagtail redirects
            for done in counted:
                done.undo()
        return response

    return limited


def _password_refused(view, request, kwargs: dict, message: str):
    """Wagtail's own password page (as its view shows it on GET), with ``message`` on the
    form and status 429."""
    from copy import copy

    from django import forms
    from wagtail.forms import PasswordViewRestrictionForm

    class Refused(PasswordViewRestrictionForm):
        def clean_password(self):
            return self.cleaned_data["password"]  # not checked: too many tries

        def clean(self):
            raise forms.ValidationError(message)

    showing = copy(request)
    showing.method = "GET"
    response = view(showing, **kwargs)
    shown = response.context_data["form"]
    data = {"password": "-", "return_url": request.POST.get("return_url", "")}
    response.context_data["form"] = Refused(data, instance=shown.restriction)
    response.status_code = 429
    return response
