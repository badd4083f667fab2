from django.conf import settings
from django.http import HttpRequest

from quire.articles.selectors import channel_bar


def site(request: HttpRequest) -> dict:
    """The site's name and the channel bar, on every page."""
    return {"site_name": settings.QUIRE_SITE_NAME, "channels": channel_bar()}
