"""The emails about new hubs: one hub at once, or a digest of several, in HTML and plain
text, each with the one-click unsubscribe headers of RFC 8058 (List-Unsubscribe and
List-Unsubscribe-Post) and a link to the reader's preferences."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from quire.articles.selectors import channel_for_path

from .tokens import newsletter_scope, unsubscribe_token

LEAD_FILTER = "fill-1200x630|format-jpeg"


@dataclass(frozen=True)
class HubCard:
    """What an email shows of a hub, made once for all its recipients."""

    title: str
    summary: str
    url: str
    author: str
    channel: str
    image_url: str
    image_alt: str


def absolute(path: str) -> str:
    return f"{settings.WAGTAILADMIN_BASE_URL}{path}"


def hub_card(hub) -> HubCard:
    profile = getattr(hub.owner, "author_profile", None) if hub.owner_id else None
    channel = channel_for_path(hub.path)
    image_url = image_alt = ""
    if hub.lead_image_id:
        rendition = hub.lead_image.get_rendition(LEAD_FILTER)
        image_url = _address(rendition.url)
        image_alt = hub.lead_image_alt or ""
    return HubCard(
        title=hub.title,
        summary=hub.summary,
        url=_address(hub.get_url() or "/"),
        author=profile.display_name if profile else "",
        channel=channel.title if channel else "",
        image_url=image_url,
        image_alt=image_alt,
    )


def _address(url: str) -> str:
    """A page's address in an email: on the site's public address, as every email says."""
    return url if "://" in url else absolute(url)


def _host() -> str:
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"


def _headers(unsubscribe: str, list_name: str, list_key: str) -> dict:
    return {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"{list_name} <{list_key}.{_host()}>",
        "Auto-Submitted": "auto-generated",
        "X-Auto-Response-Suppress": "OOF, AutoReply",
    }


def new_hubs_message(
    recipient, cards: list[HubCard], *, digest: str = ""
) -> EmailMultiAlternatives:
    """One email to ``recipient``: a hub at once (one card, no ``digest``) or a digest
    ("daily", "weekly") of the new hubs they follow."""
    unsubscribe = absolute(reverse("audience_unsubscribe", args=[unsubscribe_token(recipient)]))
    context = {
        "site_name": settings.QUIRE_SITE_NAME,
        "cards": cards,
        "digest": digest,
        "unsubscribe_url": unsubscribe,
        "preferences_url": absolute(reverse("audience_preferences")),
        "home_url": absolute("/"),
    }
    if digest:
        count = len(cards)
        subject = f"{count} new hub{'s' if count != 1 else ''} from what you follow"
        subject = f"Your {digest} digest: {subject}"
    else:
        card = cards[0]
        subject = f"New from {card.author}: {card.title}" if card.author else card.title
    message = EmailMultiAlternatives(
        subject=f"[{settings.QUIRE_SITE_NAME}] {subject}",
        body=render_to_string("audience/email/new_hubs.txt", context),
        to=[recipient.email],
        headers=_headers(unsubscribe, f"New hubs on {settings.QUIRE_SITE_NAME}", "new-hubs"),
    )
    message.attach_alternative(
        render_to_string("audience/email/new_hubs.html", context), "text/html"
    )
    return message


def newsletter_message(recipient, newsletter, card: HubCard | None) -> EmailMultiAlternatives:
    """An author's newsletter to one follower, leaving which is one click."""
    author = newsletter.author
    profile = getattr(author, "author_profile", None)
    name = profile.display_name if profile else settings.QUIRE_SITE_NAME
    scope = newsletter_scope(author.pk)
    unsubscribe = absolute(
        reverse("audience_unsubscribe", args=[unsubscribe_token(recipient, scope)])
    )
    context = {
        "site_name": settings.QUIRE_SITE_NAME,
        "author_name": name,
        "newsletter": newsletter,
        "card": card,
        "unsubscribe_url": unsubscribe,
        "preferences_url": absolute(reverse("audience_preferences")),
        "home_url": absolute("/"),
        "profile_url": absolute(profile.get_absolute_url()) if profile else absolute("/"),
    }
    message = EmailMultiAlternatives(
        subject=f"{newsletter.subject} · {name}",
        body=render_to_string("audience/email/newsletter.txt", context),
        to=[recipient.email],
        headers=_headers(unsubscribe, f"{name}'s newsletter", f"newsletter-{author.pk}"),
    )
    message.attach_alternative(
        render_to_string("audience/email/newsletter.html", context), "text/html"
    )
    return message
