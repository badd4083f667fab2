"""A hub's audience: who follows whom, what they were told, what they found helpful.

A follow is of an author or of a channel, by a signed-in reader. Each follow chooses how
its new hubs are emailed. A hub is announced once to each of its two audiences (its
author's followers when it is first published, its channel's when it is featured): a
``HubNotice`` each, whose gathering of recipients resumes where it stopped. Every email
about a hub to a reader is one ``Delivery``, unique per hub and reader, marked sent the
moment it is sent: a worker killed mid-way starts again after the last one sent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Email(models.TextChoices):
    INSTANT = "instant", "At once"
    DAILY = "daily", "Daily digest"
    WEEKLY = "weekly", "Weekly digest"
    OFF = "off", "No email"


class Follow(models.Model):
    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followers",
    )
    channel = models.ForeignKey(
        "articles.ChannelPage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followers",
    )
    email = models.CharField(
        "email on new hubs", max_length=8, choices=Email.choices, default=Email.INSTANT
    )
    newsletter = models.BooleanField(
        "the author's newsletter",
        default=True,
        help_text="Notes and hubs the author sends to their followers.",
    )
    take_email_along = models.BooleanField(
        "the author may take my address along",
        default=False,
        help_text="If the author moves to another site, they may bring your address to "
        "keep you as a reader there. Nobody else sees it.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="follow_one_target",
                condition=Q(author__isnull=False, channel__isnull=True)
                | Q(author__isnull=True, channel__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["follower", "author"],
                condition=Q(author__isnull=False),
                name="follow_author_once",
            ),
            models.UniqueConstraint(
                fields=["follower", "channel"],
                condition=Q(channel__isnull=False),
                name="follow_channel_once",
            ),
        ]
        indexes = [
            models.Index(fields=["author", "id"], name="follow_author_id"),
            models.Index(fields=["channel", "id"], name="follow_channel_id"),
        ]

    def __str__(self) -> str:
        return f"{self.follower_id} follows {self.author_id or self.channel_id}"


class Reaction(models.Model):
    """A signed-in reader found a hub helpful: one per reader and hub."""

    hub = models.ForeignKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["hub", "user"], name="react_once")]

    def __str__(self) -> str:
        return f"{self.user_id} found {self.hub_id} helpful"


class HubNotice(models.Model):
    """A hub announced to one of its audiences, once in its life."""

    class Audience(models.TextChoices):
        AUTHOR = "author", "The author's followers"
        CHANNEL = "channel", "The channel's followers"

    hub = models.ForeignKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="+")
    audience = models.CharField(max_length=8, choices=Audience.choices)
    created_at = models.DateTimeField(default=timezone.now)
    # The gathering of recipients goes through the follows in id order, in batches:
    # the last follow gathered, and whether every one was.
    gathered_until = models.BigIntegerField(default=0)
    gathered = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hub", "audience"], name="notice_once"),
        ]

    def __str__(self) -> str:
        return f"hub {self.hub_id} to the {self.audience}'s followers"


class Delivery(models.Model):
    """One email about one hub to one reader: at once, or in their next digest."""

    hub = models.ForeignKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    email = models.CharField(max_length=8, choices=Email.choices)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Not sent, and never will be: the address bounced, the reader turned email off.
    skipped = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hub", "recipient"], name="deliver_once"),
        ]
        indexes = [
            # What waits to be sent at once, per hub; what waits for a digest, per reader.
            models.Index(
                fields=["hub", "email", "id"],
                condition=Q(sent_at__isnull=True, skipped=""),
                name="delivery_waiting_hub",
            ),
            models.Index(
                fields=["email", "recipient", "id"],
                condition=Q(sent_at__isnull=True, skipped=""),
                name="delivery_waiting_reader",
            ),
        ]

    def __str__(self) -> str:
        return f"hub {self.hub_id} to {self.recipient_id}"


class DigestRun(models.Model):
    """A digest due at a time: made once, so however many deliveries wait for it, one
    task is queued for it."""

    email = models.CharField(max_length=8, choices=Email.choices)
    due_at = models.DateTimeField()
    # The last recipient sent their digest; a restarted run goes on after them.
    done_until = models.BigIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["email", "due_at"], name="digest_once"),
        ]

    def __str__(self) -> str:
        return f"{self.email} digest due {self.due_at:%Y-%m-%d %H:%M}"


class Suppression(models.Model):
    """An address no email goes to: it bounced for good, or its owner complained."""

    class Reason(models.TextChoices):
        BOUNCED = "bounced", "Bounced"
        COMPLAINED = "complained", "Marked as spam"

    address = models.EmailField(unique=True)
    reason = models.CharField(max_length=12, choices=Reason.choices)
    source = models.CharField(max_length=40, help_text="Who said so: a provider, a command.")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.address

    def save(self, *args, **kwargs):
        self.address = self.address.strip().lower()
        super().save(*args, **kwargs)


class Newsletter(models.Model):
    """A note, or one of their hubs, an author sent to the followers who want their
    newsletter; listed on the author's profile."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="newsletters"
    )
    subject = models.CharField(max_length=140)
    note = models.TextField(max_length=5000, blank=True)
    hub = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    gathered_until = models.BigIntegerField(default=0)
    gathered = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["author", "-created_at"], name="newsletter_author")]

    def __str__(self) -> str:
        return self.subject


class NewsletterDelivery(models.Model):
    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    skipped = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["newsletter", "recipient"], name="newsletter_once"),
        ]
        indexes = [
            models.Index(
                fields=["newsletter", "id"],
                condition=Q(sent_at__isnull=True, skipped=""),
                name="newsletter_waiting",
            ),
        ]

    def __str__(self) -> str:
        return f"newsletter {self.newsletter_id} to {self.recipient_id}"


class AuthorAudience(models.Model):
    """What editors decided about an author's audience: whether they may send newsletters."""

    author = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="audience_settings"
    )
    newsletter_allowed = models.BooleanField(default=True)
    reason = models.CharField(max_length=200, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.author_id}: newsletters {'on' if self.newsletter_allowed else 'off'}"


class Notification(models.Model):
    """Something for a signed-in person to see in the site: a new follower, a comment on
    their hub, a reply to their comment, their hub featured. One per person and ``key``
    (the thing it is about), however often that thing is saved."""

    class Kind(models.TextChoices):
        FOLLOWER = "follower", "New follower"
        COMMENT = "comment", "Comment on your hub"
        REPLY = "reply", "Reply to your comment"
        FEATURED = "featured", "Your hub featured"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=60)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notify_once")]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_recent"),
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
        ]

    def __str__(self) -> str:
        return self.text
