"""What Quire keeps about a person's requests on their own account."""

from datetime import timedelta

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone

EXPORT_KEEP = timedelta(days=7)


def private_storage():
    return storages["private"]


def export_upload_to(export: "DataExport", filename: str) -> str:
    return f"exports/{export.user_id}/{filename}"


class DataExport(models.Model):
    """One "download my data" request: built by a background task into a zip only its
    owner can download, for a week."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to=export_upload_to, storage=private_storage, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Data export of {self.user} ({self.get_status_display()})"

    @property
    def expires_at(self):
        return (self.finished_at or self.requested_at) + EXPORT_KEEP

    @property
    def expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def downloadable(self) -> bool:
        return self.status == self.Status.READY and bool(self.file) and not self.expired


class NotificationPreferences(models.Model):
    """Emails about a person's own work that are Quire's (comment emails live with the
    comments, review emails in Wagtail's user profile; the settings page shows all)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    email_on_featured = models.BooleanField(
        "email me when an editor features one of my hubs", default=True
    )
    email_on_follower = models.BooleanField("email me when someone follows me", default=False)

    def __str__(self) -> str:
        return f"Notification preferences of {self.user}"
