"""Settings shared by every environment, read from environment variables.

With no variable set this is the embedded default: SQLite (WAL mode) in ``var/``,
a per-process memory cache and media on local disk.
"""

from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The site's name: shown in the header and the title of every page, and the name of the
# platform's own channel (site news and help).
QUIRE_SITE_NAME = env.str("QUIRE_SITE_NAME", default="Quire")
WAGTAIL_SITE_NAME = QUIRE_SITE_NAME
WAGTAILADMIN_BASE_URL = env.str("QUIRE_BASE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "quire.core",
    "quire.authors",
    "quire.articles",
    "quire.accounts",
    "quire.comments",
    "quire.consent",
    "quire.search",
    "quire.feeds",
    "quire.audience",
    "quire.stats",
    "quire.earnings",
    "quire.imports",
    "quire.editorial",
    "quire.demo",
    "quire.pagecache",
    "quire.site",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.facebook",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # An error raised in the two below still leaves with the security headers (quire/core).
    "quire.core.middleware.ErrorHeadersMiddleware",
    # No NUL in the address reaches a lookup: dropped from the query, refused in the path.
    "quire.core.middleware.NulMiddleware",
    # The statistics beacon is answered first: no session, user or cookie (quire/stats).
    "quire.stats.middleware.StatsBeaconMiddleware",
    # Anonymous readers' pages from the cache, before sessions and users (quire/pagecache).
    "quire.pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "quire.editorial.scoping.AuthorScopeMiddleware",
    "quire.site.middleware.RequireStaffTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "quire.core.middleware.ContentSecurityPolicyMiddleware",
    "quire.consent.middleware.ConsentMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # The request's Wagtail Site and home page without a query (kept per process).
    "quire.site.middleware.SiteMiddleware",
    # Last, so it is asked first: a malformed request to Wagtail's or Django's own editor
    # views is a 400 with a message, not a server error (quire/core).
    "quire.core.middleware.EditorBadRequestMiddleware",
]

ROOT_URLCONF = "quire.urls"
WSGI_APPLICATION = "quire.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "quire.site.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL chooses (sqlite:///path or postgres://user@host:port/name).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'quire.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers proceed while one writer writes; IMMEDIATE avoids
        # "database is locked" upgrades from read to write transactions.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: CACHE_URL chooses (locmemcache:// or redis://host:port/db).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://quire")}
CACHES["default"].setdefault("KEY_PREFIX", env.str("CACHE_KEY_PREFIX", default="quire"))

# Email: EMAIL_URL chooses (consolemail://, smtp+tls://user:password@host:587).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
# Providers' webhooks for bounces and complaints (django-anymail), at /mail/events/<provider>/
# tracking/, only when this "user:password" is set: the provider sends it as basic auth.
ANYMAIL = {"WEBHOOK_SECRET": env.str("ANYMAIL_WEBHOOK_SECRET", default="")}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Quire <noreply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Files only their owner may download (data exports): never under MEDIA_URL. Hosts that
# share media must share this directory too (or point "private" at shared storage).
PRIVATE_ROOT = env.path("PRIVATE_ROOT", default=VAR_DIR / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded avatars and images are at most this large.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Search: the database's own full-text search (SQLite FTS5, PostgreSQL) by default;
# SEARCH_URL=opensearch://host:9200 (or elasticsearch://) moves it to a search server.
SEARCH_URL = env.str("SEARCH_URL", default="")
if SEARCH_URL.startswith(("opensearch://", "elasticsearch://")):
    _engine, _, _address = SEARCH_URL.partition("://")
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "modelsearch.backends."
            + ("opensearch3" if _engine == "opensearch" else "elasticsearch8"),
            "URLS": [f"http://{_address}"],
            "INDEX_PREFIX": env.str("SEARCH_INDEX_PREFIX", default="quire_"),
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
# Pictures (quire/core/images.py): every upload path (avatars, the editor's uploads,
# imports) refuses, from the file's header and before decoding it, a picture larger than
# this in bytes or in pixels (decoding takes about 4 bytes a pixel: 50 million ≈ 200 MB).
QUIRE_IMAGE_MAX_MB = env.int("QUIRE_IMAGE_MAX_MB", default=10)
QUIRE_IMAGE_MAX_PIXELS = env.int("QUIRE_IMAGE_MAX_PIXELS", default=50_000_000)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = QUIRE_IMAGE_MAX_MB * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = QUIRE_IMAGE_MAX_PIXELS
# The editor's picture form checks a file's header before Wagtail opens it (quire/core).
WAGTAILIMAGES_IMAGE_FORM_BASE = "quire.core.image_forms.ImageForm"
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt", "zip"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No third party: the admin shows no Gravatar pictures (they would leak editors' emails).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_COMMENTS_ENABLED = True

# Accounts (django-allauth): everyone signs in with an email address, on the reader side and
# for the editor; a new address must be confirmed by a link sent to it.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
WAGTAILADMIN_LOGIN_URL = "account_login"
# A finished editors' review publishes the hub (quire.editorial: the approval is the check).
WAGTAIL_FINISH_WORKFLOW_ACTION = "quire.editorial.workflow_actions.publish_reviewed"

# Two-factor authentication: an authenticator app (TOTP) and recovery codes. The editorial
# setting "require two-factor authentication for editors and staff" enforces it.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = QUIRE_SITE_NAME

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_ADAPTER = "quire.site.adapter.AccountAdapter"
# Neither sign-up nor a password reset tells whether an address has an account: both
# answer "check your email", and the message sent says what applies (a confirmation link;
# "you already have an account: sign in or reset your password"; "no account uses this
# address"). Under ACCOUNT_EMAIL_VERIFICATION=optional or none allauth cannot do this for
# sign-up (no email would stop a second account) and says the address is taken.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "quire.site.account_forms.SignupDetailsForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{QUIRE_SITE_NAME}] "
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PRESERVE_USERNAME_CASING = False

# Sign-in with Google or Facebook: an operator adds the keys under Settings → Sign-in
# providers in the admin (none ship). Buttons are plain links to a first-party page; the
# visitor's browser goes to the provider only when they press Continue there, and no
# provider script is ever loaded (Facebook's JavaScript SDK method is off).
SOCIALACCOUNT_ADAPTER = "quire.site.adapter.SocialAccountAdapter"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_PROVIDERS = {
    "google": {"SCOPE": ["profile", "email"], "AUTH_PARAMS": {"access_type": "online"}},
    "facebook": {"METHOD": "oauth2", "SCOPE": ["email", "public_profile"]},
}

# Background work (emails): django-tasks with its database backend; run `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Security headers. Reader pages get a strict nonce-based policy: nothing loads from
# another origin, and inline scripts run only with the page's nonce. The Wagtail admin
# needs inline styles and data: images, so quire.core.middleware relaxes those two there.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Wagtail overrides this to SAMEORIGIN for its own preview views only.
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# Quire's own settings.

# Imports may download the pictures an export points to (quire/imports/fetch.py).
QUIRE_IMPORT_FETCH_PICTURES = env.bool("QUIRE_IMPORT_FETCH_PICTURES", default=False)
QUIRE_IMPORT_FETCH_MAX_MB = env.int("QUIRE_IMPORT_FETCH_MAX_MB", default=10)

# The page cache (quire/pagecache, docs/configuration.md "Page cache").
QUIRE_PAGE_CACHE = env.bool("QUIRE_PAGE_CACHE", default=True)
# The shared-memory file of its generation counters; empty: one per site in /dev/shm.
QUIRE_PAGE_CACHE_FILE = env.str("QUIRE_PAGE_CACHE_FILE", default="")
QUIRE_PAGE_CACHE_LOCAL_MB = env.int("QUIRE_PAGE_CACHE_LOCAL_MB", default=64)
# How long a reverse proxy may keep a page before asking again (s-maxage).
QUIRE_PAGE_CACHE_PROXY_SECONDS = env.int("QUIRE_PAGE_CACHE_PROXY_SECONDS", default=2)
# How long Redis keeps a page nobody has asked for.
QUIRE_PAGE_CACHE_SECONDS = env.int("QUIRE_PAGE_CACHE_SECONDS", default=24 * 3600)
# What the page cache needs from the features above it, named here rather than imported
# (quire/pagecache is infrastructure): the cookies that make a page this visitor's own,
# a check that no page may be served before Django runs (a country header in use), and
# the upkeep a cached page's response still needs (the consent cookies').
QUIRE_PAGE_CACHE_PERSONAL_COOKIES = ["quire_consent", "quire_region"]
QUIRE_PAGE_CACHE_BYPASS = "quire.consent.selectors.region_header_in_use"
QUIRE_PAGE_CACHE_ON_CACHED_RESPONSE = "quire.consent.middleware.adjust_cookies"
# Query parameters that may repeat, each an id, in a cached answer (the audience's helpful
# counts for the hub cards on a page: /following/state/?hub=1&hub=2).
QUIRE_PAGE_CACHE_LIST_PARAMETERS = ["hub"]
QUIRE_HUBS_PER_PAGE = 20

# Reading statistics (see docs/configuration.md).
QUIRE_STATS_BUFFER = env.str("QUIRE_STATS_BUFFER", default="auto")  # auto, redis, database
QUIRE_STATS_COUNTRY_HEADER = env.str("QUIRE_STATS_COUNTRY_HEADER", default="")
QUIRE_STATS_RATE_PER_MINUTE = env.int("QUIRE_STATS_RATE_PER_MINUTE", default=60)
QUIRE_STATS_ROLL_UP_SECONDS = env.int("QUIRE_STATS_ROLL_UP_SECONDS", default=60)
QUIRE_STATS_ENGAGED_CAP = 30 * 60  # seconds one reading may add to engaged time

# Comments (see docs/configuration.md).
QUIRE_COMMENTS_ALLOW_GUESTS = env.bool("QUIRE_COMMENTS_ALLOW_GUESTS", default=False)
QUIRE_COMMENTS_PER_PAGE = 50
QUIRE_COMMENT_MAX_CHARS = 8192
QUIRE_COMMENT_EDIT_MINUTES = 15
# A comment posted sooner than this after its form was shown is held for review.
QUIRE_COMMENT_MIN_SECONDS = env.int("QUIRE_COMMENT_MIN_SECONDS", default=3)
QUIRE_COMMENT_RATE_PER_MINUTE = env.int("QUIRE_COMMENT_RATE_PER_MINUTE", default=5)
QUIRE_COMMENT_RATE_PER_DAY = env.int("QUIRE_COMMENT_RATE_PER_DAY", default=50)
QUIRE_COMMENT_MAX_LINKS = env.int("QUIRE_COMMENT_MAX_LINKS", default=2)
QUIRE_COMMENT_BLOCKED_DOMAINS = env.list("QUIRE_COMMENT_BLOCKED_DOMAINS", default=[])
QUIRE_COMMENT_HOLD_DOMAINS = env.list(
    "QUIRE_COMMENT_HOLD_DOMAINS",
    default=["bit.ly", "tinyurl.com", "goo.gl", "t.co", "ow.ly", "is.gd", "cutt.ly", "rb.gy"],
)
QUIRE_COMMENT_FLAGS_TO_HOLD = env.int("QUIRE_COMMENT_FLAGS_TO_HOLD", default=3)

# Readers who follow (docs/configuration.md, "Followers and email").
# A hub first published longer ago than this (imported with its old date) is announced to
# nobody.
QUIRE_AUDIENCE_ANNOUNCE_HOURS = env.int("QUIRE_AUDIENCE_ANNOUNCE_HOURS", default=48)
# Follows gathered into deliveries per task, emails sent per task, digests per task.
QUIRE_AUDIENCE_BATCH = env.int("QUIRE_AUDIENCE_BATCH", default=2000)
QUIRE_AUDIENCE_SEND_BATCH = env.int("QUIRE_AUDIENCE_SEND_BATCH", default=500)
QUIRE_AUDIENCE_DIGEST_BATCH = env.int("QUIRE_AUDIENCE_DIGEST_BATCH", default=200)
QUIRE_AUDIENCE_DIGEST_MAX_HUBS = 20
# Digests go out at this hour (UTC): daily ones every day, weekly ones on Mondays.
QUIRE_AUDIENCE_DIGEST_HOUR = env.int("QUIRE_AUDIENCE_DIGEST_HOUR", default=7)
# Follows, unfollows and "helpful" marks an account may make in an hour (each refreshes
# cached pages), per kind.
QUIRE_AUDIENCE_CHANGES_PER_HOUR = env.int("QUIRE_AUDIENCE_CHANGES_PER_HOUR", default=200)
# An author sends at most one newsletter in this many hours.
QUIRE_AUDIENCE_NEWSLETTER_HOURS = env.int("QUIRE_AUDIENCE_NEWSLETTER_HOURS", default=24)
# How long the unsubscribe link of an email works without signing in.
QUIRE_AUDIENCE_UNSUBSCRIBE_DAYS = env.int("QUIRE_AUDIENCE_UNSUBSCRIBE_DAYS", default=365)

# Limits on anonymous endpoints, counted on the shared limiter (quire/core/ratelimit.py:
# the database, so every worker and host counts together; allauth's limits count there too).
# Wrong page and document passwords: per address in 10 minutes, per protected page in an hour.
QUIRE_PAGE_PASSWORD_TRIES_PER_ADDRESS = env.int("QUIRE_PAGE_PASSWORD_TRIES_PER_ADDRESS", default=10)
QUIRE_PAGE_PASSWORD_TRIES_PER_PAGE = env.int("QUIRE_PAGE_PASSWORD_TRIES_PER_PAGE", default=100)
# Consent records stored per address in 10 minutes; more choices still apply (in the
# visitor's cookie) without a new record.
QUIRE_CONSENT_RECORDS_PER_ADDRESS = env.int("QUIRE_CONSENT_RECORDS_PER_ADDRESS", default=20)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
