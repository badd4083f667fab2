"""The test suite: the same database and cache choice as any run (DATABASE_URL, CACHE_URL),
fast password hashing, media in a temporary folder, mail kept in memory."""

import tempfile

from .base import *

SECRET_KEY = "test-key-not-secret"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="quire-test-media-"))
ALLOWED_HOSTS = ["*"]
# Each test run gets its own cache namespace so runs on a shared Redis never collide.
CACHES["default"]["KEY_PREFIX"] = f"quire-test-{Path(MEDIA_ROOT).name}"
STATIC_ROOT = MEDIA_ROOT / "static"
STATIC_ROOT.mkdir()
PRIVATE_ROOT = MEDIA_ROOT / "private"
STORAGES["private"]["OPTIONS"]["location"] = str(PRIVATE_ROOT)
ANYMAIL = {"WEBHOOK_SECRET": "provider:webhook-secret"}
