"""Production: refuses to start without SECRET_KEY and ALLOWED_HOSTS.

Set QUIRE_HTTPS=1 behind TLS to turn on HSTS, the HTTPS redirect and secure cookies;
``manage.py check --deploy`` then reports no warnings.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = False

if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production needs a long random secret key, e.g. "
        "SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )
if "ALLOWED_HOSTS" not in env.ENVIRON or not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. Production needs the host names the site answers to, "
        "e.g. ALLOWED_HOSTS=quire.example.org."
    )

STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"

if env.bool("QUIRE_HTTPS", default=False):
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
