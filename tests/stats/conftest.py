import pytest
from django.core.cache import cache

from quire.stats import buffer, counting, middleware
from quire.stats.middleware import ROLL_UP_MARK
from tests.editorial.conftest import other_writer, writer  # noqa: F401 (fixtures)


def _clear() -> None:
    middleware._rate.counts.clear()
    middleware._scheduled_until = 0.0
    cache.delete(ROLL_UP_MARK)
    counting._salts.clear()  # the salt rows roll back with each test
    buffer._batcher.items.clear()
    if buffer.uses_redis():
        client = buffer._redis()
        for key in [
            buffer._key(buffer.LIST_KEY),
            *client.scan_iter(match=buffer._key(buffer.PROCESSING_PREFIX) + "*"),
        ]:
            client.delete(key)


@pytest.fixture(autouse=True)
def _empty_buffer():
    """The Redis buffer and rate counters live outside the test's transaction."""
    _clear()
    yield
    _clear()
