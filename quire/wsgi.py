"""WSGI entry point. DJANGO_SETTINGS_MODULE defaults to production settings here: a server
is production unless told otherwise."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quire.settings.production")

django_application = get_wsgi_application()  # sets Django up

from quire.pagecache.middleware import PageCacheApplication  # noqa: E402 - needs setup

# Cached pages for anonymous readers are answered in front of Django (quire/pagecache).
application = PageCacheApplication(django_application)
