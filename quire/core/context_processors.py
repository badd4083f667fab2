from django.conf import settings
from django.http import HttpRequest

from quire.articles.selectors import channel_bar


def site(request: HttpRequest) -> dict:
    """The site's name, its public address, this page's canonical address and the
    channel bar, on every page."""
    canonical = f"{settings.WAGTAILADMIN_BASE_URL}{request.path}"
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1:
        canonical += f"?page={int(page)}"
    return {
        "site_name": settings.QUIRE_SITE_NAME,
        "base_url": settings.WAGTAILADMIN_BASE_URL,
        "canonical_url": canonical,
        "channels": channel_bar(),
    }
