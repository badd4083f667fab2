from django.conf import settings
from django.http import HttpRequest

from quire.articles.selectors import channel_bar
from quire.audience.selectors import unread_count
from quire.core.params import page_number


def site(request: HttpRequest) -> dict:
    """The site's name, its public address, this page's canonical address, the channel bar
    and a signed-in person's unread notifications, on every page."""
    canonical = f"{settings.WAGTAILADMIN_BASE_URL}{request.path}"
    page = page_number(request.GET)
    if page > 1:
        canonical += f"?page={page}"
    return {
        "site_name": settings.QUIRE_SITE_NAME,
        "base_url": settings.WAGTAILADMIN_BASE_URL,
        "canonical_url": canonical,
        "channels": channel_bar(),
        # Read only where a page shows it (the header, for a signed-in person).
        "notifications_unread": lambda: unread_count(request.user),
    }
