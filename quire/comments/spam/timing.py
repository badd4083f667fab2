"""A minimum time between showing the form and posting it: people read before they write.

The form carries a signed timestamp; a post that comes back sooner than
``QUIRE_COMMENT_MIN_SECONDS``, or without a valid timestamp, is held for review.
"""

from datetime import datetime

from django.conf import settings
from django.core import signing

from . import Action, Signal, SpamContext

SALT = "quire.comments.form-rendered"


def form_token(now: datetime) -> str:
    return signing.dumps(now.timestamp(), salt=SALT)


def check(context: SpamContext) -> Signal | None:
    try:
        rendered = float(signing.loads(context.form_token, salt=SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return Signal("timing", Action.HOLD, "The form's timestamp was missing or altered.")
    elapsed = context.now.timestamp() - rendered
    minimum = settings.QUIRE_COMMENT_MIN_SECONDS
    if elapsed < minimum:
        return Signal(
            "timing",
            Action.HOLD,
            f"Posted {max(elapsed, 0):.1f} s after the form appeared (minimum {minimum} s).",
        )
    return None
