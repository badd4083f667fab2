"""Every change to a reader's audience: follow, unfollow, preferences, reactions,
unsubscribing, suppressing an address, and announcing a new hub.

Each function checks what it is asked first and raises :class:`AudienceError` with a
message the person can read. Emails go to the task queue after the transaction commits.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from quire.accounts import roles
from quire.articles.models import ArticlePage, ChannelPage
from quire.articles.selectors import channel_for_path
from quire.core import ratelimit
from quire.core.errors import UserError
from quire.core.ratelimit import Rate

from . import tasks
from .models import (
    AuthorAudience,
    Delivery,
    Email,
    Follow,
    HubNotice,
    Newsletter,
    Notification,
    Reaction,
    Suppression,
)
from .tokens import NEW_HUBS, UNSUBSCRIBE_SALT

# What a reader follows at most: a bound on every list the following feed is built from.
MAX_FOLLOWS = 2000


class AudienceError(UserError):
    """A follow, a preference or an unsubscribe that cannot be done; the message says why."""


def _limited(scope: str, reader, what: str) -> None:
    """Follows and "helpful" each refresh cached pages: an account makes at most
    QUIRE_AUDIENCE_CHANGES_PER_HOUR of each an hour (counted for every worker and host)."""
    rate = Rate(settings.QUIRE_AUDIENCE_CHANGES_PER_HOUR, 3600)
    if ratelimit.hit(scope, str(reader.pk), rate) is None:
        raise AudienceError(
            f"You have {what} {rate.limit} times in the last hour, as often as one can: "
            "try again later."
        )


def _author(author_id: int):
    """An author one can follow: an active account with a profile."""
    user = (
        get_user_model()
        .objects.filter(pk=author_id, is_active=True, author_profile__isnull=False)
        .select_related("author_profile")
        .first()
    )
    if user is None:
        raise AudienceError("This author’s account no longer exists, so they cannot be followed.")
    return user


def _channel(channel_id: int) -> ChannelPage:
    channel = ChannelPage.objects.live().filter(pk=channel_id).first()
    if channel is None:
        raise AudienceError("This channel no longer exists, so it cannot be followed.")
    return channel


def _follow(reader, **target) -> tuple[Follow, bool]:
    if not reader.is_authenticated:
        raise AudienceError("Sign in to follow.")
    _limited("audience.follow", reader, "followed or unfollowed")
    if Follow.objects.filter(follower=reader).count() >= MAX_FOLLOWS:
        raise AudienceError(
            f"You follow {MAX_FOLLOWS} authors and channels, as many as one can: unfollow "
            "some first."
        )
    defaults = {"email": Email.WEEKLY if "channel" in target else Email.INSTANT}
    try:
        with transaction.atomic():
            return Follow.objects.get_or_create(follower=reader, **target, defaults=defaults)
    except IntegrityError:  # two clicks at once: the other one made it
        return Follow.objects.get(follower=reader, **target), False


def follow_author(reader, author_id: int) -> Follow:
    author = _author(author_id)
    if author.pk == reader.pk:
        raise AudienceError("You cannot follow yourself.")
    follow, created = _follow(reader, author=author)
    if created:
        profile = getattr(reader, "author_profile", None)
        name = profile.display_name if profile else "A reader"
        note = notify(
            author,
            Notification.Kind.FOLLOWER,
            f"follower:{reader.pk}",
            f"{name} now follows you.",
            reverse("audience_followers"),
        )
        if note is not None:
            transaction.on_commit(lambda: tasks.notification_email.enqueue(note.pk))
    return follow


def notify(user, kind: str, key: str, text: str, url: str = "") -> Notification | None:
    """Tell a signed-in person something in the site, once per ``key``; None if they were
    told already (or their account is closed)."""
    if user is None or not user.is_active:
        return None
    try:
        with transaction.atomic():
            note, created = Notification.objects.get_or_create(
                user=user,
                key=key[:60],
                defaults={"kind": kind, "text": text[:300], "url": url[:500]},
            )
    except IntegrityError:
        return None
    return note if created else None


def notifications_read(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def follow_channel(reader, channel_id: int) -> Follow:
    return _follow(reader, channel=_channel(channel_id))[0]


def unfollow(reader, *, author_id: int | None = None, channel_id: int | None = None) -> bool:
    """Whether there was a follow to undo (undoing twice is no error)."""
    if not reader.is_authenticated:
        raise AudienceError("Sign in to change what you follow.")
    _limited("audience.follow", reader, "followed or unfollowed")
    target = {"author_id": author_id} if author_id else {"channel_id": channel_id}
    deleted, _ = Follow.objects.filter(follower=reader, **target).delete()
    if deleted:
        _waiting_recheck(reader)
    return bool(deleted)


def _waiting_recheck(reader) -> None:
    """The emails still waiting for a reader follow what they follow now: one about a hub
    they no longer follow (its author or channel) is dropped, and one whose follow changed
    how it is emailed moves (at once, or to the digest chosen)."""
    waiting = list(
        Delivery.objects.filter(recipient=reader, sent_at__isnull=True, skipped="")
        .select_related("hub")
        .only("pk", "email", "hub__owner_id", "hub__path")[:1000]
    )
    if not waiting:
        return
    follows = Follow.objects.filter(follower=reader).exclude(email=Email.OFF)
    authors = {f.author_id: f.email for f in follows if f.author_id}
    channels = {f.channel_id: f.email for f in follows if f.channel_id}
    dropped, moved = [], {}
    for delivery in waiting:
        channel = channel_for_path(delivery.hub.path)
        wanted = authors.get(delivery.hub.owner_id) or (
            channels.get(channel.id) if channel else None
        )
        if wanted is None:
            dropped.append(delivery.pk)
        elif wanted != delivery.email:
            moved.setdefault(wanted, []).append(delivery.pk)
    Delivery.objects.filter(pk__in=dropped).update(skipped="no longer followed")
    for email, ids in moved.items():
        Delivery.objects.filter(pk__in=ids).update(email=email)
        if email in tasks.DIGESTS:
            tasks.digest_schedule(email)
        else:
            for hub_id in set(Delivery.objects.filter(pk__in=ids).values_list("hub_id", flat=True)):
                transaction.on_commit(lambda hub_id=hub_id: tasks.deliver_instant.enqueue(hub_id))


def follow_preferences_set(
    reader, follow_id: int, *, email: str, newsletter: bool, take_email_along: bool
) -> Follow:
    if email not in Email.values:
        raise AudienceError(
            "Choose how to be emailed: at once, a daily digest, a weekly digest or no email.",
            field="email",
        )
    follow = Follow.objects.filter(pk=follow_id, follower=reader).first()
    if follow is None:
        raise AudienceError("You no longer follow this; nothing was changed.")
    follow.email = email
    follow.newsletter = newsletter and follow.author_id is not None
    follow.take_email_along = take_email_along and follow.author_id is not None
    follow.save(update_fields=["email", "newsletter", "take_email_along"])
    _waiting_recheck(reader)
    return follow


def all_email_off(reader) -> int:
    """No email about new hubs any more, from any follow; the digests waiting are dropped."""
    changed = (
        Follow.objects.filter(follower=reader).exclude(email=Email.OFF).update(email=Email.OFF)
    )
    Delivery.objects.filter(recipient=reader, sent_at__isnull=True, skipped="").update(
        skipped="email turned off"
    )
    return changed


def reaction_toggle(reader, hub_id: int) -> bool:
    """Whether the reader now finds the hub helpful."""
    if not reader.is_authenticated:
        raise AudienceError("Sign in to mark a hub helpful.")
    hub = ArticlePage.objects.live().filter(pk=hub_id).only("pk", "owner_id").first()
    if hub is None:
        raise AudienceError("This hub is no longer published.")
    if hub.owner_id == reader.pk:
        raise AudienceError("Your own hub is helpful to you already.")
    _limited("audience.helpful", reader, "marked or unmarked hubs helpful")
    deleted, _ = Reaction.objects.filter(hub=hub, user=reader).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(hub=hub, user=reader)
    except IntegrityError:
        pass
    return True


def unsubscribe_user(token: str) -> tuple:
    """The account an unsubscribe link was made for and the list it leaves (tokens.py), or
    an AudienceError saying why not."""
    try:
        data = signing.loads(
            token,
            salt=UNSUBSCRIBE_SALT,
            max_age=timedelta(days=settings.QUIRE_AUDIENCE_UNSUBSCRIBE_DAYS),
        )
    except signing.SignatureExpired as error:
        raise AudienceError(
            "This unsubscribe link is too old to use. Sign in and choose what you are "
            "emailed on your preferences page."
        ) from error
    except signing.BadSignature as error:
        raise AudienceError(
            "This unsubscribe link is not one we sent (it may be cut short). Sign in and "
            "choose what you are emailed on your preferences page."
        ) from error
    if not isinstance(data, dict):
        raise AudienceError("This unsubscribe link is not one we sent.")
    user = get_user_model().objects.filter(pk=data.get("u")).first()
    if user is None or user.email.lower() != data.get("e"):
        raise AudienceError(
            "The account this link was sent to no longer has this address: nothing is "
            "sent to it any more."
        )
    return user, str(data.get("s") or NEW_HUBS)


def unsubscribe(user, scope: str) -> str:
    """Leave the list a link was for; returns what it was, in words."""
    kind, _, author_id = scope.partition(":")
    if kind == "newsletter" and author_id.isdigit():
        follow = Follow.objects.filter(follower=user, author_id=int(author_id)).first()
        if follow is not None:
            follow.newsletter = False
            follow.save(update_fields=["newsletter"])
            return f"{follow.author.author_profile.display_name}’s newsletter"
        return "this author’s newsletter"
    all_email_off(user)
    return "emails about new hubs"


def audience_settings(author) -> AuthorAudience:
    return AuthorAudience.objects.filter(author=author).first() or AuthorAudience(author=author)


def newsletter_next_allowed(author):
    """When the author may send their next newsletter (None: now)."""
    last = Newsletter.objects.filter(author=author).order_by("-created_at").first()
    if last is None:
        return None
    due = last.created_at + timedelta(hours=settings.QUIRE_AUDIENCE_NEWSLETTER_HOURS)
    return due if due > timezone.now() else None


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local:%B} {local.day} at {local:%H:%M}"


def newsletter_send(author, *, subject: str, note: str, hub_id: int | None) -> Newsletter:
    """An author's newsletter to the followers who want it: sent by the task worker."""
    if not roles.is_author(author):
        raise AudienceError("Only authors send newsletters.")
    allowed = audience_settings(author)
    if not allowed.newsletter_allowed:
        raise AudienceError(
            "The editors have turned newsletters off for your account"
            + (f": {allowed.reason}" if allowed.reason else ".")
        )
    subject = " ".join((subject or "").split())
    note = (note or "").replace("\r\n", "\n").strip()
    if not subject:
        raise AudienceError("Give your newsletter a subject.", field="subject")
    if len(subject) > 140:
        raise AudienceError("A subject is at most 140 characters.", field="subject")
    if len(note) > 5000:
        raise AudienceError(
            f"A note is at most 5,000 characters; yours has {len(note):,}.", field="note"
        )
    hub = None
    if hub_id:
        hub = ArticlePage.objects.live().filter(pk=hub_id, owner=author).first()
        if hub is None:
            raise AudienceError("Choose one of your published hubs.", field="hub")
    if not note and hub is None:
        raise AudienceError("Write a note, or choose one of your hubs to send.", field="note")
    with transaction.atomic():
        # One at a time per author, so two quick clicks cannot send two.
        get_user_model().objects.select_for_update().filter(pk=author.pk).first()
        due = newsletter_next_allowed(author)
        if due is not None:
            raise AudienceError(
                f"You can send one newsletter every {settings.QUIRE_AUDIENCE_NEWSLETTER_HOURS} "
                f"hours: the next from {_when(due)}."
            )
        newsletter = Newsletter.objects.create(author=author, subject=subject, note=note, hub=hub)
        transaction.on_commit(lambda: tasks.newsletter_gather.enqueue(newsletter.pk))
    return newsletter


def newsletter_allow(editor, author_id: int, *, allowed: bool, reason: str = "") -> AuthorAudience:
    if not roles.is_editor(editor):
        raise AudienceError("Only editors can turn an author’s newsletter on or off.")
    author = get_user_model().objects.filter(pk=author_id).first()
    if author is None:
        raise AudienceError("This account no longer exists.")
    row = audience_settings(author)
    row.newsletter_allowed = allowed
    row.reason = (reason or "").strip()[:200]
    row.changed_by = editor
    row.changed_at = timezone.now()
    row.save()
    return row


def address_suppress(address: str, reason: str, source: str) -> bool:
    """Stop all email to an address that bounced for good or complained. Whether it is new."""
    address = (address or "").strip().lower()
    try:
        validate_email(address)
    except ValidationError as error:
        raise AudienceError(f"“{address[:80]}” is not an email address.") from error
    if reason not in Suppression.Reason.values:
        raise AudienceError(
            f"A suppression's reason is one of {', '.join(Suppression.Reason.values)}."
        )
    _, created = Suppression.objects.get_or_create(
        address=address, defaults={"reason": reason, "source": source[:40]}
    )
    return created


# Announcing a hub to its followers, once.


def _recent(hub) -> bool:
    """A hub published long ago (imported with its date, or from before followers existed)
    is news to nobody."""
    first = hub.first_published_at
    limit = timedelta(hours=settings.QUIRE_AUDIENCE_ANNOUNCE_HOURS)
    return first is not None and first >= timezone.now() - limit


def hub_announce(hub, audience: str) -> HubNotice | None:
    """Announce a live hub to one of its audiences: the first time only. The recipients are
    gathered and emailed by the task worker after the commit, never in this request."""
    if not hub.live or not _recent(hub):
        return None
    if audience == HubNotice.Audience.CHANNEL and not hub.featured:
        return None
    notice, created = HubNotice.objects.get_or_create(hub_id=hub.pk, audience=audience)
    if not created:
        return None
    transaction.on_commit(lambda: tasks.notice_gather.enqueue(notice.pk))
    return notice
