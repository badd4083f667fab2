"""WSGI entry point. DJANGO_SETTINGS_MODULE defaults to production settings here: a server
is production unless told otherwise."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quire.settings.production")

django_application = get_wsgi_application()  # sets Django up

from quire.pagecache.middleware import PageCacheApplication  # noqa: E402 - needs setup

# Cached pages for anonymous readers are answered in front of Django (quire/pagecache).
application = PageCacheApplication(django_application)

# Everything loaded so far (Django, Wagtail, every app, ~160,000 objects) lives as long
# as the process: leave it out of the garbage collector's full passes, which otherwise
# stop a request for ~90 ms on this machine whenever they run (bench/RESULTS.md).
gc.freeze()
