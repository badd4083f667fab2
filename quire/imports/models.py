"""What an author brought from elsewhere: each imported item once (by its source id),
and each import run with its report."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from quire.accounts.models import private_storage


def upload_to(job: "ImportJob", filename: str) -> str:
    suffix = {"ghost": ".json", "zip": ".zip", "page": ".html"}.get(job.kind, ".xml")
    return f"imports/{job.user_id}/{timezone.now():%Y%m%d%H%M%S}{suffix}"


class ImportedItem(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=20)
    source_id = models.CharField(max_length=300)
    hub = models.ForeignKey(
        "articles.ArticlePage", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "source", "source_id"], name="imports_once")
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.source_id}"


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting"
        RUNNING = "running", "Importing"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    file = models.FileField(upload_to=upload_to, storage=private_storage, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # When the running import last showed it was alive (after each item): a job silent
    # for long was lost with its worker (services.job_end_if_stalled).
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} import by {self.user} ({self.get_status_display()})"
