import pytest
from django.core.cache import cache

from quire.stats import buffer, counting
from quire.stats.middleware import ROLL_UP_MARK
from tests.editorial.conftest import editor, other_writer, writer  # noqa: F401 (fixtures)


def _clear() -> None:
    for address in ("127.0.0.1", "10.0.0.1", "10.0.0.2", "203.0.113.9"):
        cache.delete(f"stats:rate:{address}")
    cache.delete(ROLL_UP_MARK)
    counting._salts.clear()  # the salt rows roll back with each test
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
