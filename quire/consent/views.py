"""The privacy-choices page (works without JavaScript) and the endpoints the banner uses."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from quire.core.urls_next import local_next

from . import cookie
from .models import Category, ConsentRecord
from .selectors import registry
from .services import ConsentError, consent_record


def _gpc(request: HttpRequest) -> bool:
    return request.headers.get("Sec-GPC", "").strip() == "1" or request.POST.get("gpc") == "1"


def _next(request: HttpRequest) -> str:
    return local_next(request, request.POST.get("next") or request.GET.get("next")) or "/"


@never_cache
def choices(request: HttpRequest) -> HttpResponse:
    reg = registry()
    current = cookie.parse(request.COOKIES.get(cookie.COOKIE_NAME))
    if current and current.version != reg.version:
        current = None
    wants_json = "application/json" in request.headers.get("Accept", "")
    if request.method == "POST":
        try:
            recorded = consent_record(
                action=request.POST.get("action", ""),
                current=current,
                categories=request.POST.getlist("category"),
                service_key=request.POST.get("service", ""),
                gpc=_gpc(request),
                ip_address=request.META.get("REMOTE_ADDR"),
            )
        except ConsentError as error:
            if wants_json:
                return JsonResponse({"error": error.message}, status=400)
            messages.error(request, error.message)
            return redirect(request.path)
        response = (
            JsonResponse({"allowed": sorted(k for k, v in recorded.record.choices.items() if v)})
            if wants_json
            else redirect(_next(request))
        )
        if not wants_json:
            messages.success(request, "Your privacy choices are saved.")
        response.set_cookie(
            cookie.COOKIE_NAME,
            recorded.cookie_value,
            max_age=recorded.max_age,
            samesite="Lax",
            secure=request.is_secure(),
        )
        return response
    allowed = current.allowed if current else frozenset()
    categories = [
        {
            "value": value,
            "label": label,
            "services": services,
            "checked": value == Category.NECESSARY or any(s.key in allowed for s in services),
        }
        for value, label, services in reg.by_category()
        if services
    ]
    return render(
        request,
        "consent/choices.html",
        {
            "categories": categories,
            "has_choice": current is not None,
            "gpc": _gpc(request),
            "next": _next(request),
            "last_record": (
                ConsentRecord.objects.filter(visitor_id=current.visitor_id).first()
                if current
                else None
            ),
        },
    )


@never_cache
@require_GET
def token(request: HttpRequest) -> JsonResponse:
    """A CSRF token for the banner's buttons: reader pages are cached and carry none."""
    return JsonResponse({"csrfToken": get_token(request)})
