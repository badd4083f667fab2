"""Rate limits per account and per IP address, on the shared limiter (quire/core/ratelimit.py).

A post takes one hit from every limit it falls under (its account's and its address's,
a minute's and a day's) in one all-or-nothing step. Each hit is atomic in the database,
so posts racing each other through any number of workers and hosts cannot together pass
a limit. The layer runs after the layers that refuse a post for other reasons, so a post
that is refused does not count; held and spam comments do.
"""

from django.conf import settings

from quire.core import ratelimit
from quire.core.ratelimit import LimitReached, Rate

from . import Action, Signal, SpamContext

MINUTE, DAY = 60, 24 * 3600


def limits(context: SpamContext) -> list[tuple[str, str, Rate]]:
    rates = [
        Rate(settings.QUIRE_COMMENT_RATE_PER_MINUTE, MINUTE),
        Rate(settings.QUIRE_COMMENT_RATE_PER_DAY, DAY),
    ]
    writers = []
    if context.user_id is not None:
        writers.append(("comment.account", str(context.user_id)))
    if context.ip_address:
        writers.append(("comment.address", ratelimit.address_identity(context.ip_address)))
    return [(scope, identity, rate) for rate in rates for scope, identity in writers]


def check(context: SpamContext) -> Signal | None:
    try:
        ratelimit.hit_all(limits(context), now=context.now)
    except LimitReached as full:
        limit = full.rate.limit
        if full.rate.seconds == MINUTE:
            advice = f"You can post {limit} comments in a minute. Please wait a minute"
        else:
            advice = f"You can post {limit} comments in a day. Please come back tomorrow"
        return Signal("rate limit", Action.REFUSE, f"{advice}; your text is kept below.")
    return None
