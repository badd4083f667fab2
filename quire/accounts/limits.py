"""allauth's rate limits, counted where every worker and host sees them."""

from quire.core import compat, ratelimit

# allauth's rate limits (failed sign-ins per address and per account, two-factor codes,
# password-reset and confirmation emails, sign-ups) keep their counts in Django's default
# cache: one per worker process unless CACHE_URL is Redis, so each worker allowed its own
# five failed sign-ins. share_rate_limits() counts them on Quire's limiter instead, in
# the database every worker and host shares; allauth's settings still choose the rates.


class _Usage:
    """What allauth keeps of a counted hit, to take it back (after a successful sign-in)."""

    def __init__(self, hit: ratelimit.Hit | None):
        self.hit = hit

    def rollback(self) -> None:
        if self.hit is not None:
            self.hit.undo()


def _rate(rate) -> ratelimit.Rate:
    return ratelimit.Rate(rate.amount, max(1, round(rate.duration)))


def _consume_single_rate(
    request,
    *,
    app: str,
    action: str,
    rate,
    key=None,
    user=None,
    dry_run: bool = False,
    raise_exception: bool = False,
):
    from allauth.core.exceptions import RateLimited
    from allauth.core.internal import ratelimit as allauth_ratelimit

    identity = allauth_ratelimit.get_cache_key(
        request, app=app, action=action, rate=rate, key=key, user=user
    )
    scope = f"allauth.{action}"
    if dry_run:
        usage = _Usage(None) if ratelimit.peek(scope, identity, _rate(rate)) else None
    else:
        hit = ratelimit.hit(scope, identity, _rate(rate))
        usage = _Usage(hit) if hit else None
    if usage is None and raise_exception:
        raise RateLimited
    return usage


def _clear(request, *, app: str, action: str, config=None, key=None, user=None) -> None:
    from allauth.core.internal import ratelimit as allauth_ratelimit

    for rate in allauth_ratelimit.get_rates(app=app, action=action, config=config):
        identity = allauth_ratelimit.get_cache_key(
            request, app=app, action=action, rate=rate, key=key, user=user
        )
        ratelimit.clear(f"allauth.{action}", identity, _rate(rate))


def share_rate_limits() -> None:
    """Count every allauth rate limit on :mod:`quire.core.ratelimit` (call once, from
    ``AppConfig.ready``). It replaces the two functions of allauth's limiter that read
    and write the cache (allauth 65; tests/accounts/test_enumeration_and_lockout.py
    fails if a new version calls them differently or stops calling them)."""
    compat.allauth_limiter_replace(_consume_single_rate, _clear)
