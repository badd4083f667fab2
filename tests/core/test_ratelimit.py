"""The shared rate limiter (quire/core/ratelimit.py): counts in the database, sliding
windows, all-or-nothing groups, single-use marks. Real concurrency across threads and
processes is in tests/transactional/test_ratelimit_concurrency.py."""

from datetime import UTC, datetime, timedelta

import pytest

from quire.core import ratelimit
from quire.core.models import RateCounter
from quire.core.ratelimit import LimitReached, Rate

pytestmark = pytest.mark.django_db

# The start of a minute (and of an hour and a day): windows are aligned to the epoch.
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PER_MINUTE = Rate(3, 60)


def hits(n: int, identity: str = "198.51.100.7", at=T0, rate=PER_MINUTE, scope="test") -> int:
    return sum(ratelimit.hit(scope, identity, rate, now=at) is not None for _ in range(n))


def test_a_limit_counts_exactly_up_to_its_number():
    assert hits(5) == 3
    assert hits(1, at=T0 + timedelta(seconds=59)) == 0


def test_limits_are_per_identity_and_per_scope():
    assert hits(3) == 3
    assert hits(3, identity="203.0.113.9") == 3
    assert hits(3, scope="another") == 3
    assert hits(3, rate=Rate(3, 3600)) == 3  # another window is another limit


def test_the_window_slides_instead_of_resetting_on_the_minute():
    assert hits(3, at=T0 + timedelta(seconds=50)) == 3
    # A fixed window would allow 3 more at once; the last minute still holds 3 hits.
    assert hits(3, at=T0 + timedelta(seconds=61)) == 0
    # Two-thirds into the next minute a third of the last one is still within reach.
    assert hits(3, at=T0 + timedelta(seconds=100)) == 2
    assert hits(3, at=T0 + timedelta(seconds=181)) == 3


def test_a_refused_hit_does_not_push_the_limit_further_away():
    assert hits(10) == 3
    assert RateCounter.objects.get().count == 3
    assert hits(3, at=T0 + timedelta(seconds=120)) == 3


def test_undo_gives_a_hit_back():
    first = ratelimit.hit("test", "a", PER_MINUTE, now=T0)
    assert hits(2, identity="a") == 2 and hits(1, identity="a") == 0
    first.undo()
    assert hits(2, identity="a") == 1


def test_hit_all_counts_all_or_none():
    group = [("user", "7", Rate(2, 60)), ("address", "198.51.100.7", Rate(1, 60))]
    ratelimit.hit_all(group, now=T0)
    with pytest.raises(LimitReached) as refused:
        ratelimit.hit_all(group, now=T0)
    assert refused.value.scope == "address" and refused.value.rate == Rate(1, 60)
    # The user's hit was taken back: one left for them on their own.
    assert ratelimit.hit("user", "7", Rate(2, 60), now=T0) is not None
    assert ratelimit.hit("user", "7", Rate(2, 60), now=T0) is None


def test_peek_does_not_count():
    for _ in range(5):
        assert ratelimit.peek("test", "a", PER_MINUTE, now=T0)
    assert hits(3, identity="a") == 3
    assert not ratelimit.peek("test", "a", PER_MINUTE, now=T0)


def test_clear_forgets_the_counts():
    assert hits(3) == 3
    ratelimit.clear("test", "198.51.100.7", PER_MINUTE)
    assert hits(3) == 3


def test_once_is_true_only_the_first_time_until_it_expires():
    assert ratelimit.once("token", "n1", 3600, now=T0)
    assert not ratelimit.once("token", "n1", 3600, now=T0 + timedelta(minutes=59))
    assert ratelimit.once("token", "n2", 3600, now=T0)
    assert ratelimit.once("token", "n1", 3600, now=T0 + timedelta(minutes=61))


def test_the_table_never_holds_who_was_counted():
    hits(1, identity="198.51.100.7", scope="consent")
    ratelimit.once("login", "someone@example.org", 60, now=T0)
    for key in RateCounter.objects.values_list("key", flat=True):
        assert "198.51" not in key and "example.org" not in key
        assert len(key) <= RateCounter._meta.get_field("key").max_length


def test_expired_counters_are_deleted(monkeypatch):
    old = T0 - timedelta(days=3)
    hits(1, at=old)
    assert RateCounter.objects.count() == 1
    monkeypatch.setattr(ratelimit, "_next_prune", 0.0)
    hits(1)
    assert list(RateCounter.objects.values_list("window", flat=True)) == [int(T0.timestamp()) // 60]


def test_a_rate_needs_sensible_numbers():
    with pytest.raises(ValueError, match="window"):
        Rate(5, 0)
