"""Site-wide tables: the counters behind every rate limit (:mod:`quire.core.ratelimit`)."""

from django.db import models


class RateCounter(models.Model):
    """How many times one thing happened in one time window.

    ``key`` names the limit and who it counts (a hash, never the address or account
    itself); ``window`` is the window's number since 1970 (0 for a one-time mark).
    Rows are deleted once they expire.
    """

    key = models.CharField(max_length=100)
    window = models.BigIntegerField()
    count = models.IntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window"], name="ratecounter_key_window")
        ]

    def __str__(self) -> str:
        return f"{self.key} #{self.window}: {self.count}"
