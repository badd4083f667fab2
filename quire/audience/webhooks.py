"""The mail providers' tracking webhooks (django-anymail) Quire answers: their bounces and
complaints reach ``signals._mail_event``. Only tracking, never inbound mail, and only the
providers whose webhook needs nothing more than anymail itself installed (Amazon SES
needs boto3: listed when it is there)."""

import functools
import logging
from importlib.util import find_spec

from anymail import urls as anymail_urls
from anymail.exceptions import AnymailConfigurationError, AnymailImproperlyInstalled
from django.http import HttpResponseBadRequest, HttpResponseNotFound
from django.urls import include, path

log = logging.getLogger(__name__)

NEEDS = {"amazon_ses_tracking_webhook": "boto3"}


def _answered(pattern) -> bool:
    name = getattr(pattern, "name", "") or ""
    if not name.endswith("_tracking_webhook"):
        return False
    package = NEEDS.get(name)
    return package is None or find_spec(package) is not None


def _guarded(view):
    """A body the provider's parser cannot read (anymail lets it raise) is a 400, and a
    provider that needs settings of its own (a signing secret) not given is a 404, never a
    500."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except (AnymailConfigurationError, AnymailImproperlyInstalled) as error:
            log.warning("A mail provider's webhook is not set up: %s", error)
            return HttpResponseNotFound("This provider's webhook is not set up on this site.\n")
        except (ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
            log.warning("A mail provider's webhook sent what it cannot read: %r", error)
            return HttpResponseBadRequest("This is not an event this webhook can read.\n")

    return guarded


def webhook_urls() -> list:
    patterns = [
        path(str(p.pattern), _guarded(p.callback), name=p.name)
        for p in anymail_urls.urlpatterns
        if _answered(p)
    ]
    return [path("mail/events/", include((patterns, "anymail")))]
