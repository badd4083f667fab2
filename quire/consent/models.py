"""The consent registry (every service the site uses, first- or third-party), the
operator's consent settings, and the append-only record of visitors' choices."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


class Category(models.TextChoices):
    NECESSARY = "necessary", "Necessary"
    FEATURES = "features", "Features"
    STATISTICS = "statistics", "Statistics"
    MARKETING = "marketing", "Marketing"


# Categories a visitor chooses; Necessary is always on and needs no consent.
OPTIONAL_CATEGORIES = [Category.FEATURES, Category.STATISTICS, Category.MARKETING]


class Service(models.Model):
    """Something the site does with a visitor's data, shown in the consent banner."""

    key = models.SlugField(
        max_length=40,
        unique=True,
        help_text="A short name used in the consent cookie and by embeds, e.g. “youtube”.",
    )
    name = models.CharField(max_length=80)
    category = models.CharField(max_length=16, choices=Category.choices)
    purpose = models.TextField(help_text="What it does and why, in a sentence or two.")
    provider = models.CharField(
        max_length=120, blank=True, help_text="Who runs it, e.g. “Google Ireland Ltd.”."
    )
    privacy_policy_url = models.URLField("privacy policy", blank=True)
    hosts = models.TextField(
        blank=True,
        help_text="The hosts it loads from, one a line, e.g. “www.youtube-nocookie.com”. "
        "Pages that use it allow these hosts in their Content-Security-Policy.",
    )
    sets_cookies = models.BooleanField(
        default=False, help_text="It stores cookies or similar data on the visitor's device."
    )
    first_party = models.BooleanField(
        default=False, help_text="Run by this site itself; nothing is sent to anyone else."
    )
    enabled = models.BooleanField(default=False, help_text="The site uses this service.")
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.first_party and self.category != Category.NECESSARY:
            raise ValidationError({"category": "The site's own functions are Necessary."})
        if self.enabled and not self.first_party and not self.privacy_policy_url:
            raise ValidationError(
                {"privacy_policy_url": "A service cannot be enabled without a privacy-policy link."}
            )
        bad = [h for h in self.host_list if not _valid_host(h)]
        if bad:
            raise ValidationError({"hosts": f"Not a host name: {', '.join(bad)}."})

    @property
    def host_list(self) -> list[str]:
        return [h.strip().lower() for h in self.hosts.splitlines() if h.strip()]

    @property
    def needs_consent(self) -> bool:
        return self.category != Category.NECESSARY


def _valid_host(host: str) -> bool:
    import re

    return bool(re.fullmatch(r"(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}", host))


@register_setting(icon="lock")
class ConsentSettings(BaseGenericSetting):
    registry_version = models.PositiveIntegerField(
        default=1,
        help_text="Raised automatically when a service is added, enabled or its purpose "
        "changes; raise it by hand to ask every visitor again.",
    )
    consent_months = models.PositiveSmallIntegerField(
        "consent lasts (months)", default=12, help_text="After this, visitors are asked again."
    )
    country_header = models.CharField(
        max_length=60,
        blank=True,
        help_text="Leave empty to ask every visitor before anything optional loads (opt-in, "
        "the strictest rule). Or name a header your proxy or CDN sets to the visitor's "
        "country (e.g. “CF-IPCountry”): visitors outside the EEA, the UK and Switzerland "
        "then get optional services until they refuse (opt-out).",
    )
    record_retention_days = models.PositiveIntegerField(
        "keep consent records (days)",
        default=3 * 365,
        help_text="Older records are deleted by a background task.",
    )

    class Meta:
        verbose_name = "consent settings"


class ConsentRecord(models.Model):
    """One choice by one visitor, as proof of consent. Never changed once written."""

    class Action(models.TextChoices):
        ACCEPT_ALL = "accept_all", "Accepted all"
        REJECT_ALL = "reject_all", "Rejected all"
        CUSTOM = "custom", "Chose per category"
        ALLOW_SERVICE = "allow_service", "Allowed one service"

    visitor_id = models.CharField(max_length=32, db_index=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    choices = models.JSONField(help_text="Each optional service and whether it was allowed.")
    registry_version = models.PositiveIntegerField()
    gpc = models.BooleanField("Global Privacy Control", default=False)
    ip_prefix = models.CharField(
        max_length=45, blank=True, help_text="The address with its last part removed."
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return (
            f"{self.get_action_display()} by {self.visitor_id[:8]}… on {self.created_at:%Y-%m-%d}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Consent records are append-only.")
        super().save(*args, **kwargs)
