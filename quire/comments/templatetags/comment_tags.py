from datetime import datetime

from django import template
from django.utils import timezone

from quire.comments import text as comment_text

register = template.Library()

_UNITS = [
    (365 * 24 * 3600, "year"),
    (30 * 24 * 3600, "month"),
    (7 * 24 * 3600, "week"),
    (24 * 3600, "day"),
    (3600, "hour"),
    (60, "minute"),
]


@register.filter
def relative_time(value: datetime | None, now: datetime | None = None) -> str:
    """“just now”, “5 minutes ago”, “8 months ago”, “2 years ago”."""
    if value is None:
        return ""
    now = now or timezone.now()
    seconds = (now - value).total_seconds()
    if seconds < 60:
        return "just now"
    for size, unit in _UNITS:
        if seconds >= size:
            n = int(seconds // size)
            return f"{n} {unit}{'' if n == 1 else 's'} ago"
    return "just now"


@register.filter
def comment_html(value: str) -> str:
    return comment_text.render(value)
