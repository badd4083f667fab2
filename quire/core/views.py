from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

ROBOTS_TXT = """User-agent: *
Disallow: /admin/
Disallow: /django-admin/
Disallow: /go/
"""


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = f"{settings.WAGTAILADMIN_BASE_URL}/sitemap.xml"
    return HttpResponse(
        f"{ROBOTS_TXT}Disallow: /search/\n\nSitemap: {sitemap}\n",
        content_type="text/plain; charset=utf-8",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, rendered without context processors or the database: whatever broke
    the request (the database being down, say) must not break the error page too."""
    body = loader.get_template("500.html").render({"site_name": settings.QUIRE_SITE_NAME})
    return HttpResponse(body, status=500)
