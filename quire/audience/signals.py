"""The audience app's own receivers: a hub's first publication announces it to its author's
followers (its channel's once it is featured: connected in quire/site, which knows the
editorial signal), and a visitor who asked to follow before signing in finds the follow
done once they have."""

import contextlib

from anymail.signals import EventType, tracking
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from wagtail.signals import page_published

from quire.articles.models import ArticlePage

from . import services
from .models import HubNotice, Suppression

PENDING_KEY = "audience_pending"
RETURN_KEY = "audience_return"


def pending_return(request) -> str:
    """Where a visitor who asked to follow before signing in goes once they have (once)."""
    session = getattr(request, "session", None)
    return session.pop(RETURN_KEY, "") if session is not None else ""


@receiver(page_published, sender=ArticlePage)
def _hub_published(sender, instance, **kwargs) -> None:
    services.hub_announce(instance, HubNotice.Audience.AUTHOR)
    services.hub_announce(instance, HubNotice.Audience.CHANNEL)


@receiver(user_logged_in)
def _complete_pending_follows(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    pending = request.session.pop(PENDING_KEY, [])
    if not pending:
        request.session.pop(RETURN_KEY, None)
    for kind, pk in pending[:5]:
        try:
            follow = (
                services.follow_author(user, pk)
                if kind == "author"
                else services.follow_channel(user, pk)
            )
        except services.AudienceError as error:
            messages.warning(request, error.message)
            continue
        name = (
            follow.author.author_profile.display_name if follow.author_id else follow.channel.title
        )
        messages.success(request, f"You now follow {name}.")


# What a provider's webhook reports (django-anymail normalises each provider's events):
# a permanent bounce or a spam complaint stops all email to that address.
SUPPRESSING = {
    EventType.BOUNCED: Suppression.Reason.BOUNCED,
    EventType.COMPLAINED: Suppression.Reason.COMPLAINED,
}


@receiver(tracking)
def _mail_event(sender, event, esp_name, **kwargs) -> None:
    reason = SUPPRESSING.get(event.event_type)
    if reason and event.recipient:
        # Not an address: nothing to stop.
        with contextlib.suppress(services.AudienceError):
            services.address_suppress(event.recipient, reason, esp_name)
