"""The earnings program: revenue the operator received, how it was split, what each
author is owed and was paid. Money is ``Decimal`` to the cent, in the site's currency.

Every movement of money is a ``LedgerEntry``, written once and never changed: an
author's balance is the sum of their entries, and a correction is a new entry.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from quire.consent.models import Category, Service

CENT = Decimal("0.01")


@register_setting(icon="tag")
class EarningsSettings(BaseGenericSetting):
    authors_share = models.DecimalField(
        "authors' share (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("60.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="The part of each network's revenue shared among authors, by impressions.",
    )
    minimum_payout = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        default=Decimal("50.00"),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="A balance at or above this is paid in the next payout run.",
    )
    currency = models.CharField(
        max_length=3, default="USD", help_text="Three-letter ISO 4217 code, e.g. USD or EUR."
    )
    tax_fields = models.TextField(
        blank=True,
        default="Legal name\nCountry of residence\nTax identification number",
        help_text="The tax details authors enter when they join, one field name a line.",
    )

    class Meta:
        verbose_name = "earnings settings"

    def tax_field_names(self) -> list[str]:
        return [line.strip() for line in self.tax_fields.splitlines() if line.strip()]


class Membership(models.Model):
    """An author in the earnings program: where to pay them and their tax details."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="earnings_membership"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    paypal_email = models.EmailField("PayPal email address")
    tax_details = models.JSONField(default=dict, blank=True)
    terms_accepted_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user} in the earnings program"

    @property
    def active(self) -> bool:
        return self.left_at is None


class DailyImpressions(models.Model):
    """Ad impressions of one slot on one hub on one day, by fill source: counted through
    the statistics beacon (visible ≥ 50% for ≥ 1 s, no bots) and rolled up per day."""

    day = models.DateField()
    hub_id = models.PositiveIntegerField()
    author_id = models.PositiveIntegerField(null=True)
    slot = models.CharField(max_length=20)
    # The ad network's key in the consent registry; "" for a first-party house ad.
    network = models.CharField(max_length=40, blank=True)
    impressions = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "hub_id", "slot", "network"], name="earnings_impressions_once"
            )
        ]
        indexes = [models.Index(fields=["network", "day"])]

    def __str__(self) -> str:
        return f"{self.impressions} impressions of {self.network or 'house ads'} on {self.day}"


class RevenueEntry(models.Model):
    """What one ad network actually paid the site for one month."""

    month = models.DateField(help_text="The first day of the month the revenue is for.")
    network = models.CharField(max_length=40)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    note = models.CharField(max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-month", "network"]
        permissions = [("manage_earnings", "Can enter revenue, allocate it and pay authors")]
        constraints = [
            models.UniqueConstraint(fields=["month", "network"], name="earnings_revenue_once"),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="earnings_revenue_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network} {self.month:%B %Y}: {self.amount} {self.currency}"


class AllocationRun(models.Model):
    """The split of one revenue entry: at most one, ever (the constraint is the guard
    against two runs at once as much as the service's lock)."""

    revenue = models.OneToOneField(RevenueEntry, on_delete=models.PROTECT, related_name="run")
    authors_share = models.DecimalField(max_digits=5, decimal_places=2)
    impressions = models.PositiveBigIntegerField()
    authors_total = models.DecimalField(max_digits=12, decimal_places=2)
    site_total = models.DecimalField(max_digits=12, decimal_places=2)
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    run_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Allocation of {self.revenue}"


class PayoutRun(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Prepared"
        PAID = "paid", "Paid"

    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One prepared run at a time: two operators cannot pay the same balance twice.
            models.UniqueConstraint(
                fields=["status"], condition=models.Q(status="open"), name="earnings_one_open_run"
            )
        ]

    def __str__(self) -> str:
        return f"Payout run {self.pk} ({self.get_status_display()})"


class Payout(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be paid"
        PAID = "paid", "Paid"
        FAILED = "failed", "Failed (returned to the balance)"

    run = models.ForeignKey(PayoutRun, on_delete=models.PROTECT, related_name="payouts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payouts"
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    paypal_email = models.EmailField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "author"], name="earnings_payout_once_a_run")
        ]

    def __str__(self) -> str:
        return f"{self.amount} to {self.author} ({self.get_status_display()})"

    @property
    def reference(self) -> str:
        """The Customer ID column of PayPal's payout file: at most 30 characters."""
        return f"quire-{self.run_id}-{self.pk}"


class LedgerEntry(models.Model):
    """One movement of money, never changed. Positive credits the author (or the site,
    when ``author`` is empty); negative takes from their balance."""

    class Kind(models.TextChoices):
        ALLOCATION = "allocation", "Share of ad revenue"
        SITE_SHARE = "site_share", "The site's share"
        PAYOUT = "payout", "Payout"
        PAYOUT_RETURNED = "returned", "Failed payout returned"
        CORRECTION = "correction", "Correction"

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    month = models.DateField(null=True, blank=True)
    network = models.CharField(max_length=40, blank=True)
    hub_id = models.PositiveIntegerField(null=True, blank=True)
    impressions = models.PositiveBigIntegerField(default=0)
    revenue = models.ForeignKey(
        RevenueEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    run = models.ForeignKey(
        AllocationRun, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    payout = models.ForeignKey(
        Payout, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["author", "month"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.amount} {self.currency}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Ledger entries are never changed; write a correction instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Ledger entries are never deleted; write a correction instead.")


class DailyClicks(models.Model):
    """Readers who followed a product capsule's affiliate link, per hub, capsule and day
    (counted on the site's own redirect: no cookie, bots left out)."""

    day = models.DateField()
    hub_id = models.PositiveIntegerField()
    block_id = models.UUIDField()
    author_id = models.PositiveIntegerField(null=True)
    product = models.CharField(max_length=120)
    clicks = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "hub_id", "block_id"], name="earnings_clicks_once"
            )
        ]
        indexes = [models.Index(fields=["author_id", "day"])]

    def __str__(self) -> str:
        return f"{self.clicks} clicks on {self.product} on {self.day}"


class AdSlot(models.Model):
    """A place on a hub's page where an ad may appear: filled by an ad network's code
    (only for readers who allowed that network) or by a first-party house ad."""

    IN_ARTICLE = "in_article"
    SIDEBAR = "sidebar"
    BELOW = "below"
    POSITIONS = [
        (IN_ARTICLE, "In the article, after a capsule"),
        (SIDEBAR, "Beside the author box"),
        (BELOW, "Below the article"),
    ]

    position = models.CharField(max_length=12, choices=POSITIONS, unique=True)
    enabled = models.BooleanField(default=True)
    after_capsule = models.PositiveSmallIntegerField(
        default=3, help_text="In the article: after this many capsules (hubs with fewer show none)."
    )
    network = models.CharField(
        max_length=40,
        blank=True,
        help_text="The ad network's key in the privacy registry (a Marketing service), or "
        "empty for house ads only.",
    )
    code = models.TextField(
        "network's ad code",
        blank=True,
        help_text="The HTML the network gives for this slot. It runs in a sandboxed frame of "
        "its own, never in the page, and only for readers who allowed the network.",
    )
    house_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    house_alt = models.CharField("house ad alternative text", max_length=200, blank=True)
    house_link = models.URLField("house ad link", blank=True)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.get_position_display()

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if (
            self.network
            and not Service.objects.filter(key=self.network, category=Category.MARKETING).exists()
        ):
            errors["network"] = (
                "Register the network as a Marketing service in the privacy registry first."
            )
        if self.network and not self.code.strip():
            errors["code"] = "Paste the network's ad code for this slot."
        if self.house_image_id and not self.house_alt.strip():
            errors["house_alt"] = "Describe the house ad's picture."
        if self.house_image_id and not self.house_link:
            errors["house_link"] = "Where does the house ad lead?"
        if errors:
            raise ValidationError(errors)

    @property
    def has_house_ad(self) -> bool:
        return bool(self.house_image_id and self.house_link)
