"""The task worker's part: gathering a new hub's recipients and emailing them, at once or
in digests. Never run in a request.

Each task does one bounded batch and queues the next, so no task runs for long and a
worker killed mid-way loses at most the batch it was in; ``quire_serve`` puts that task
back in the queue (``quire_task_worker --recover``) and it goes on from what is recorded:
a follow is gathered once (the notice's ``gathered_until``), a delivery is marked sent the
moment its email is accepted by the mail server, so nobody is emailed twice and nobody is
skipped (a worker killed between the server's answer and the mark, a window of one
statement, is the only way to repeat one email).
"""

from __future__ import annotations

import logging
import smtplib
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from quire.accounts.models import NotificationPreferences
from quire.articles.models import ArticlePage
from quire.articles.selectors import channel_for_path
from quire.core.mail import send_templated_mail

from .mail import absolute, hub_card, new_hubs_message, newsletter_message
from .models import (
    Delivery,
    DigestRun,
    Email,
    Follow,
    HubNotice,
    Newsletter,
    NewsletterDelivery,
    Notification,
    Suppression,
)

log = logging.getLogger(__name__)

DIGESTS = (Email.DAILY, Email.WEEKLY)
# A mail server that cannot be reached: tried again after this long, this many times.
RETRY_SECONDS = 300
RETRIES = 12
# What a mail server answers for one recipient it will not take: that one is skipped.
REFUSED = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


def _waiting():
    return Delivery.objects.filter(sent_at__isnull=True, skipped="")


def next_digest_due(email: str, now: datetime) -> datetime:
    """When the next digest of this kind goes out: every day (weekly: every Monday) at
    QUIRE_AUDIENCE_DIGEST_HOUR, UTC."""
    hour = settings.QUIRE_AUDIENCE_DIGEST_HOUR
    due = now.astimezone(UTC).replace(hour=hour, minute=0, second=0, microsecond=0)
    if due <= now:
        due += timedelta(days=1)
    if email == Email.WEEKLY:
        due += timedelta(days=(7 - due.weekday()) % 7)
    return due


def digest_schedule(email: str) -> None:
    """Make sure a digest of this kind is due: once, however many deliveries wait for it."""
    due = next_digest_due(email, timezone.now())
    run, created = DigestRun.objects.get_or_create(email=email, due_at=due)
    if created:
        transaction.on_commit(lambda: digest_send.using(run_after=due).enqueue(run.pk))


@task()
def notice_gather(notice_id: int) -> int:
    """One batch of a hub's new recipients, from the follows after the last one gathered.
    Returns how many deliveries it made."""
    notice = HubNotice.objects.filter(pk=notice_id, gathered=False).first()
    if notice is None:
        return 0
    hub = (
        ArticlePage.objects.filter(pk=notice.hub_id).only("pk", "owner_id", "path", "live").first()
    )
    follows = Follow.objects.filter(follower__is_active=True).exclude(email=Email.OFF)
    if notice.audience == HubNotice.Audience.AUTHOR:
        follows = follows.filter(author_id=hub.owner_id) if hub else follows.none()
    else:
        channel = channel_for_path(hub.path) if hub else None
        follows = follows.filter(channel_id=channel.id) if channel else follows.none()
    if hub is not None:
        follows = follows.exclude(follower_id=hub.owner_id)
    size = settings.QUIRE_AUDIENCE_BATCH
    batch = list(
        follows.filter(pk__gt=notice.gathered_until)
        .order_by("pk")
        .values_list("pk", "follower_id", "email")[:size]
    )
    with transaction.atomic():
        Delivery.objects.bulk_create(
            [
                Delivery(hub_id=notice.hub_id, recipient_id=reader, email=email)
                for _, reader, email in batch
            ],
            ignore_conflicts=True,
        )
        if batch:
            notice.gathered_until = batch[-1][0]
        notice.gathered = len(batch) < size
        notice.save(update_fields=["gathered_until", "gathered"])
        for email in {email for _, _, email in batch} & set(DIGESTS):
            digest_schedule(email)
    if notice.gathered:
        transaction.on_commit(lambda: deliver_instant.enqueue(notice.hub_id))
    else:
        transaction.on_commit(lambda: notice_gather.enqueue(notice.pk))
    return len(batch)


def _wanted(deliveries: list[Delivery]) -> dict[int, str]:
    """Why each of these deliveries is not to be sent (by id): an address that bounced or
    complained, an account closed, email turned off since."""
    addresses = {d.recipient.email.lower() for d in deliveries if d.recipient.email}
    suppressed = set(
        Suppression.objects.filter(address__in=addresses).values_list("address", flat=True)
    )
    why = {}
    for d in deliveries:
        user = d.recipient
        if not user.is_active or not user.email:
            why[d.pk] = "no address"
        elif user.email.lower() in suppressed:
            why[d.pk] = "address suppressed"
    return why


def _send(connection, model, ids: list[int], message) -> bool:
    """Send one message and mark its deliveries (rows of ``model``) sent; False when the
    server refused this recipient (marked skipped), an exception when the server cannot
    be reached."""
    try:
        connection.send_messages([message])
    except REFUSED as e:
        model.objects.filter(pk__in=ids).update(skipped=f"refused: {e}"[:40])
        return False
    model.objects.filter(pk__in=ids).update(sent_at=timezone.now())
    return True


def _send_batch(model, batch: list, message_for, what: str) -> tuple[int, bool]:
    """Send each delivery of ``batch`` (rows of ``model``, one recipient each) its message,
    over one connection, leaving out those not to be sent. Returns how many were sent and
    whether the mail server could be reached (if not, the rest still wait)."""
    skip = _wanted(batch)
    for reason in set(skip.values()):
        model.objects.filter(pk__in=[pk for pk, r in skip.items() if r == reason]).update(
            skipped=reason
        )
    sent = 0
    try:
        with get_connection() as connection:
            for delivery in batch:
                if delivery.pk not in skip:
                    message = message_for(delivery.recipient)
                    sent += _send(connection, model, [delivery.pk], message)
    except (OSError, smtplib.SMTPException):
        log.warning("The mail server could not be reached; %s waits", what)
        return sent, False
    return sent, True


def _retry(task_function, *args, attempt: int) -> None:
    if attempt >= RETRIES:
        log.error("Giving up on %s%s: the mail server could not be reached", task_function, args)
        return
    when = timezone.now() + timedelta(seconds=RETRY_SECONDS)
    task_function.using(run_after=when).enqueue(*args, attempt=attempt + 1)


@task()
def deliver_instant(hub_id: int, attempt: int = 0) -> int:
    """One batch of a hub's emails to those who want them at once; queues the next batch.
    Returns how many were sent."""
    size = settings.QUIRE_AUDIENCE_SEND_BATCH
    batch = list(
        _waiting()
        .filter(hub_id=hub_id, email=Email.INSTANT)
        .select_related("recipient")
        .order_by("pk")[:size]
    )
    if not batch:
        return 0
    hub = (
        ArticlePage.objects.live()
        .select_related("owner__author_profile", "lead_image")
        .filter(pk=hub_id)
        .first()
    )
    if hub is None:  # unpublished before its emails went out: they wait for nothing
        _waiting().filter(hub_id=hub_id, email=Email.INSTANT).update(skipped="hub not live")
        return 0
    card = hub_card(hub)
    sent, reached = _send_batch(
        Delivery, batch, lambda recipient: new_hubs_message(recipient, [card]), f"hub {hub_id}"
    )
    if not reached:
        _retry(deliver_instant, hub_id, attempt=attempt)
    elif len(batch) == size:
        deliver_instant.enqueue(hub_id)
    return sent


@task()
def digest_send(run_id: int, attempt: int = 0) -> int:
    """One batch of readers' digests of one kind; queues the next batch. Returns how many
    digests were sent."""
    run = DigestRun.objects.filter(pk=run_id, finished_at__isnull=True).first()
    if run is None:
        return 0
    size = settings.QUIRE_AUDIENCE_DIGEST_BATCH
    waiting = _waiting().filter(email=run.email, created_at__lte=run.due_at)
    readers = list(
        waiting.filter(recipient_id__gt=run.done_until)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()[:size]
    )
    deliveries: dict[int, list[Delivery]] = {}
    for delivery in (
        waiting.filter(recipient_id__in=readers)
        .select_related("recipient")
        .order_by("recipient_id", "-pk")
    ):
        deliveries.setdefault(delivery.recipient_id, []).append(delivery)
    live = {
        hub.pk: hub
        for hub in ArticlePage.objects.live()
        .select_related("owner__author_profile", "lead_image")
        .filter(pk__in={d.hub_id for ds in deliveries.values() for d in ds})
    }
    cards: dict[int, object] = {}
    sent = 0
    most = settings.QUIRE_AUDIENCE_DIGEST_MAX_HUBS
    try:
        with get_connection() as connection:
            for reader in readers:
                mine = deliveries.get(reader, [])
                skip = _wanted(mine[:1])
                gone = [d.pk for d in mine if d.hub_id not in live]
                shown = [d for d in mine if d.hub_id in live]
                if gone:
                    Delivery.objects.filter(pk__in=gone).update(skipped="hub not live")
                if skip or not shown:
                    Delivery.objects.filter(pk__in=[d.pk for d in shown]).update(
                        skipped=next(iter(skip.values()), "")[:40] or "nothing live"
                    )
                else:
                    for d in shown[:most]:
                        if d.hub_id not in cards:
                            cards[d.hub_id] = hub_card(live[d.hub_id])
                    message = new_hubs_message(
                        shown[0].recipient,
                        [cards[d.hub_id] for d in shown[:most]],
                        digest=run.email,
                    )
                    sent += _send(connection, Delivery, [d.pk for d in shown], message)
                DigestRun.objects.filter(pk=run.pk).update(done_until=reader)
    except (OSError, smtplib.SMTPException):
        log.warning("The mail server could not be reached; the %s digest waits", run.email)
        _retry(digest_send, run_id, attempt=attempt)
        return sent
    if len(readers) == size:
        digest_send.enqueue(run_id)
    else:
        DigestRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
    return sent


@task()
def newsletter_gather(newsletter_id: int) -> int:
    """One batch of a newsletter's recipients: the author's followers who want it."""
    newsletter = Newsletter.objects.filter(pk=newsletter_id, gathered=False).first()
    if newsletter is None:
        return 0
    size = settings.QUIRE_AUDIENCE_BATCH
    batch = list(
        Follow.objects.filter(
            author_id=newsletter.author_id,
            newsletter=True,
            follower__is_active=True,
            pk__gt=newsletter.gathered_until,
        )
        .order_by("pk")
        .values_list("pk", "follower_id")[:size]
    )
    with transaction.atomic():
        NewsletterDelivery.objects.bulk_create(
            [NewsletterDelivery(newsletter=newsletter, recipient_id=r) for _, r in batch],
            ignore_conflicts=True,
        )
        if batch:
            newsletter.gathered_until = batch[-1][0]
        newsletter.gathered = len(batch) < size
        newsletter.save(update_fields=["gathered_until", "gathered"])
    follow_on = newsletter_deliver if newsletter.gathered else newsletter_gather
    transaction.on_commit(lambda: follow_on.enqueue(newsletter.pk))
    return len(batch)


@task()
def newsletter_deliver(newsletter_id: int, attempt: int = 0) -> int:
    """One batch of a newsletter's emails; queues the next."""
    size = settings.QUIRE_AUDIENCE_SEND_BATCH
    batch = list(
        NewsletterDelivery.objects.filter(
            newsletter_id=newsletter_id, sent_at__isnull=True, skipped=""
        )
        .select_related("recipient")
        .order_by("pk")[:size]
    )
    if not batch:
        return 0
    newsletter = Newsletter.objects.select_related("author__author_profile").get(pk=newsletter_id)
    hub = (
        ArticlePage.objects.live()
        .select_related("owner__author_profile", "lead_image")
        .filter(pk=newsletter.hub_id)
        .first()
        if newsletter.hub_id
        else None
    )
    card = hub_card(hub) if hub else None
    sent, reached = _send_batch(
        NewsletterDelivery,
        batch,
        lambda recipient: newsletter_message(recipient, newsletter, card),
        f"newsletter {newsletter_id}",
    )
    if not reached:
        _retry(newsletter_deliver, newsletter_id, attempt=attempt)
    elif len(batch) == size:
        newsletter_deliver.enqueue(newsletter_id)
    return sent


@task()
def notification_email(notification_id: int) -> bool:
    """A notification emailed too, when its person asked for that kind (read when the task
    runs, so turning it off stops queued ones)."""
    note = (
        Notification.objects.select_related("user")
        .filter(pk=notification_id, read_at__isnull=True)
        .first()
    )
    if note is None or not note.user.is_active or not note.user.email:
        return False
    prefs = NotificationPreferences.objects.filter(user=note.user).first()
    if note.kind != Notification.Kind.FOLLOWER or prefs is None or not prefs.email_on_follower:
        return False
    if Suppression.objects.filter(address=note.user.email.lower()).exists():
        return False
    return send_templated_mail(
        "audience/email/notification.txt",
        note.user.email,
        {
            "text": note.text,
            "link": absolute(note.url or "/"),
            "settings_link": absolute(reverse("account_settings")),
        },
    )
