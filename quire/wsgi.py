"""WSGI entry point. DJANGO_SETTINGS_MODULE defaults to production settings here: a server
is production unless told otherwise."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quire.settings.production")

application = get_wsgi_application()
