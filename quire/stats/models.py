"""First-party, cookieless reading statistics (DESIGN.md "stats").

A beacon from each counted page lands in a buffer (``Hit`` rows, or a Redis list when the
cache is Redis); a background roll-up turns the buffer into daily rows and deletes it.
Visitors are told apart only by a salted hash of address and browser that changes every
day; the salt and the day's ``Seen`` rows are deleted once the day is over, so nothing can
link a visitor across days and no address is ever stored.
"""

from django.db import models

PAGE = "page"
PROFILE = "profile"
TARGET_TYPES = [(PAGE, "Page"), (PROFILE, "Author profile")]


class Hit(models.Model):
    """One beacon, waiting for the roll-up (the buffer when the cache is not Redis)."""

    data = models.CharField(max_length=400)

    def __str__(self) -> str:
        return f"Beacon {self.pk}"


class DailySalt(models.Model):
    """The day's secret for visitor hashes; deleted when the day is rolled up."""

    day = models.DateField(unique=True)
    salt = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"Salt of {self.day}"


class Seen(models.Model):
    """A visitor (the day's hash) has been counted on a page today. Deleted with the day."""

    day = models.DateField()
    visitor = models.CharField(max_length=32)
    target_type = models.CharField(max_length=8, choices=TARGET_TYPES)
    object_id = models.PositiveIntegerField()
    author_id = models.PositiveIntegerField(null=True)
    channel_id = models.PositiveIntegerField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "visitor", "target_type", "object_id"], name="stats_seen_once"
            )
        ]

    def __str__(self) -> str:
        return f"Seen on {self.day}"


class RolledBatch(models.Model):
    """A Redis batch already counted: makes the roll-up exactly-once if it is interrupted
    between the database commit and the batch's deletion."""

    batch = models.CharField(max_length=64, unique=True)
    rolled_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Batch {self.batch}"


class DailyStats(models.Model):
    """One page or profile, one day: views (once per visitor) and engaged time."""

    day = models.DateField()
    target_type = models.CharField(max_length=8, choices=TARGET_TYPES)
    object_id = models.PositiveIntegerField()
    # Who and where, copied from the page so dashboards need no join.
    author_id = models.PositiveIntegerField(null=True)
    channel_id = models.PositiveIntegerField(null=True)
    views = models.PositiveIntegerField(default=0)
    engaged_seconds = models.PositiveBigIntegerField(default=0)
    engaged_views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["target_type", "object_id", "day"], name="stats_daily_once"
            )
        ]
        indexes = [
            # Covering: an author's most-read hubs over years of rows are summed from the
            # index alone, on SQLite too (so these are key columns, not INCLUDE ones).
            models.Index(
                fields=[
                    "author_id",
                    "day",
                    "object_id",
                    "views",
                    "engaged_seconds",
                    "engaged_views",
                ],
                name="stats_daily_author_day",
            ),
            models.Index(fields=["channel_id", "day"]),
            models.Index(fields=["day"]),
        ]

    def __str__(self) -> str:
        return f"{self.target_type} {self.object_id} on {self.day}: {self.views} views"


class DailyDimension(models.Model):
    """Views of one page on one day by referrer domain, country, device class or the site
    search terms that led there."""

    REFERRER = "referrer"
    COUNTRY = "country"
    DEVICE = "device"
    SEARCH = "search"
    DIMENSIONS = [
        (REFERRER, "Referrer"),
        (COUNTRY, "Country"),
        (DEVICE, "Device"),
        (SEARCH, "Search terms"),
    ]

    day = models.DateField()
    target_type = models.CharField(max_length=8, choices=TARGET_TYPES)
    object_id = models.PositiveIntegerField()
    author_id = models.PositiveIntegerField(null=True)
    channel_id = models.PositiveIntegerField(null=True)
    dimension = models.CharField(max_length=8, choices=DIMENSIONS)
    value = models.CharField(max_length=100)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["target_type", "object_id", "day", "dimension", "value"],
                name="stats_dimension_once",
            )
        ]
        indexes = [
            models.Index(fields=["author_id", "dimension", "day"]),
            models.Index(fields=["dimension", "day"]),
        ]

    def __str__(self) -> str:
        return f"{self.dimension} {self.value} on {self.day}: {self.views}"


class DailyTotals(models.Model):
    """One day of the whole site, one author's pages or one channel: views, different
    visitors and engaged time, kept by the roll-up so dashboards read a row a day."""

    SITE = "site"
    AUTHOR = "author"
    CHANNEL = "channel"
    SCOPES = [(SITE, "Site"), (AUTHOR, "Author"), (CHANNEL, "Channel")]

    day = models.DateField()
    scope = models.CharField(max_length=8, choices=SCOPES)
    scope_id = models.PositiveIntegerField(default=0)
    views = models.PositiveIntegerField(default=0)
    visitors = models.PositiveIntegerField(default=0)
    engaged_seconds = models.PositiveBigIntegerField(default=0)
    engaged_views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "scope_id", "day"], name="stats_totals_once")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.scope_id} on {self.day}: {self.views} views"
