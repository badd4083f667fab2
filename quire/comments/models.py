"""Readers' comments on hubs: Django models, not Wagtail pages (DESIGN.md "Comments").

Wagtail has its own ``Comment`` model for editors' notes in the page editor; these are
the public conversation under a hub and live apart from it (``hub.reader_comments``).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting approval"
        PUBLISHED = "published", "Published"
        SPAM = "spam", "Spam"
        REJECTED = "rejected", "Rejected"

    hub = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="reader_comments"
    )
    # One level deep: a reply's parent is always a top-level comment.
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reader_comments",
    )
    guest_name = models.CharField(max_length=80, blank=True)
    # Kept for notifications and moderation only; never shown on the site.
    guest_email = models.EmailField(blank=True)
    text = models.TextField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Deleted by its writer: the text is erased; a placeholder stays if it has replies.
    deleted_at = models.DateTimeField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # Hash of the normalised text, for duplicate detection.
    text_hash = models.CharField(max_length=64, db_index=True, editable=False)
    # The spam filter's verdict: the classifier's probability and every layer's reason.
    spam_score = models.FloatField(null=True, blank=True)
    spam_reasons = models.JSONField(default=list, blank=True)
    # What the classifier has learned from this comment ("spam", "ham" or "").
    learned_as = models.CharField(max_length=4, blank=True, editable=False)
    flag_count = models.PositiveIntegerField(default=0)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["hub", "parent", "status", "-created_at"]),
            models.Index(fields=["user", "-created_at"]),
            models.Index(fields=["ip_address", "-created_at"]),
            models.Index(fields=["status", "-created_at"]),
            # A hub's (or an author's hubs') published comments in a period: statistics.
            models.Index(fields=["hub", "status", "created_at"], name="comments_hub_status_time"),
        ]
        permissions = [("moderate_comment", "Can moderate every comment on the site")]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.hub_id}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def available_actions(self) -> list[tuple[str, str]]:
        """The moderation actions that change something, for this comment's status."""
        by_status = {
            self.Status.PENDING: ["approve", "reject", "spam"],
            self.Status.PUBLISHED: ["reject", "spam"],
            self.Status.SPAM: ["not_spam", "reject"],
            self.Status.REJECTED: ["approve", "spam"],
        }
        from .services import MODERATION_ACTIONS

        return [(a, MODERATION_ACTIONS[a]) for a in by_status[self.status]]

    @property
    def writer_name(self) -> str:
        if self.user_id is None:
            return self.guest_name or "Deleted user"
        profile = getattr(self.user, "author_profile", None)
        return profile.display_name if profile else self.user.get_username()


class CommentFlag(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", "Spam or advertising"
        ABUSE = "abuse", "Abusive or hateful"
        OFF_TOPIC = "off-topic", "Off-topic"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=16, choices=Reason.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="one_flag_per_reader")
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} flag on comment {self.comment_id}"


class CommentPreferences(models.Model):
    """A person's choices about comments: on their own hubs, and emails they receive."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_preferences"
    )
    hold_for_approval = models.BooleanField(
        "hold comments on my hubs for my approval",
        default=False,
        help_text="Otherwise comments that pass the spam checks are published at once.",
    )
    email_on_comment = models.BooleanField("email me about new comments on my hubs", default=True)
    email_on_reply = models.BooleanField("email me when someone replies to me", default=True)

    class Meta:
        verbose_name_plural = "comment preferences"

    def __str__(self) -> str:
        return f"Comment preferences of {self.user}"


class SpamToken(models.Model):
    """The text classifier's memory: how often a token appeared in spam and in good comments.

    The row with the empty token counts documents rather than tokens.
    """

    token = models.CharField(max_length=64, primary_key=True)
    spam = models.PositiveIntegerField(default=0)
    ham = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.token
