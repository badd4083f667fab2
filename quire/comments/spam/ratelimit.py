"""Rate limits per account and per IP address, counted in the database.

Counting stored comments (indexed by writer and by address) is exact across every worker
and host, costs two small index range scans, and survives a cache flush.
"""

from datetime import timedelta

from django.conf import settings

from . import Action, Signal, SpamContext


def _recent(context: SpamContext, since) -> int:
    from quire.comments.models import Comment

    recent = Comment.objects.filter(created_at__gte=since)
    counts = []
    if context.user_id is not None:
        counts.append(recent.filter(user_id=context.user_id).count())
    if context.ip_address:
        counts.append(recent.filter(ip_address=context.ip_address).count())
    return max(counts, default=0)


def check(context: SpamContext) -> Signal | None:
    limits = [
        (timedelta(minutes=1), settings.QUIRE_COMMENT_RATE_PER_MINUTE, "a minute", "a minute"),
        (timedelta(days=1), settings.QUIRE_COMMENT_RATE_PER_DAY, "a day", "tomorrow"),
    ]
    for window, limit, period, retry in limits:
        if _recent(context, context.now - window) >= limit:
            wait = "Please wait a minute" if retry == "a minute" else "Please come back tomorrow"
            return Signal(
                "rate limit",
                Action.REFUSE,
                f"You can post {limit} comments in {period}. {wait}; your text is kept below.",
            )
    return None
