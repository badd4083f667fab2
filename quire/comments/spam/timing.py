"""A minimum time between showing the form and posting it: people read before they write.

The form carries a signed token: when it was shown, and a random nonce. A post that comes
back sooner than ``QUIRE_COMMENT_MIN_SECONDS``, more than ``MAX_AGE`` later, or without a
valid token is held for review. A token posts one comment: :func:`consume` marks its
nonce used, atomically, on the shared limiter, and a second post with the same token (a
replay, or a reader who went back to an old form) is held too. Nothing typed is lost that
way, and a refused post (rate limit, double post) never uses its token up: the reader's
next try from the same form is not held.
"""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing

from quire.core import ratelimit

from . import Action, Signal, SpamContext

SALT = "quire.comments.form-rendered"
# A form left open longer than this is treated like one without a token (held).
MAX_AGE = timedelta(days=1)


def form_token(now: datetime) -> str:
    return signing.dumps({"t": now.timestamp(), "n": secrets.token_urlsafe(12)}, salt=SALT)


def _read(token: str) -> tuple[float, str] | None:
    try:
        value = signing.loads(token, salt=SALT)
        rendered, nonce = float(value["t"]), str(value["n"])
    except (signing.BadSignature, TypeError, ValueError, KeyError):
        return None
    return rendered, nonce


def check(context: SpamContext) -> Signal | None:
    token = _read(context.form_token)
    if token is None:
        return Signal("timing", Action.HOLD, "The form's timestamp was missing or altered.")
    elapsed = context.now.timestamp() - token[0]
    minimum = settings.QUIRE_COMMENT_MIN_SECONDS
    if elapsed < minimum:
        return Signal(
            "timing",
            Action.HOLD,
            f"Posted {max(elapsed, 0):.1f} s after the form appeared (minimum {minimum} s).",
        )
    if elapsed > MAX_AGE.total_seconds():
        return Signal("timing", Action.HOLD, "The form was shown more than a day before.")
    return None


def consume(context: SpamContext) -> Signal | None:
    """Use the token up; a token already used holds the post. Called once nothing will
    refuse the post any more."""
    token = _read(context.form_token)
    if token is None:
        return None  # already held by check()
    seconds = int(MAX_AGE.total_seconds()) + settings.QUIRE_COMMENT_MIN_SECONDS + 60
    if ratelimit.once("comment.form", token[1], seconds, now=context.now):
        return None
    return Signal(
        "timing",
        Action.HOLD,
        "The form had already posted a comment (sent twice, or an old page reused).",
    )
