"""The statistics beacon in a real browser: a view when the page opens, engaged seconds
when it is hidden, no cookie, nothing to any other host."""

import pytest

from quire.stats import buffer
from quire.stats.models import DailyStats
from quire.stats.services import stats_roll_up

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


READER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/140.0.0.0 Safari/537.36"
)


def test_a_reader_is_counted_once_with_engaged_time(browser, live_server, hub):
    buffer_before = buffer.waiting()
    # Headless Chromium says so in its user agent and would not be counted (a bot rule).
    context = browser.new_context(user_agent=READER_AGENT)
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.goto(live_server.url + hub.url)
    page.wait_for_timeout(1500)
    # Leaving the tab reports the seconds it was visible.
    page.evaluate(
        "() => { Object.defineProperty(document, 'visibilityState', {value: 'hidden'});"
        " document.dispatchEvent(new Event('visibilitychange')); }"
    )
    page.wait_for_timeout(500)
    page.reload()  # the same reader again: still one view
    page.wait_for_timeout(500)
    beacons = [url for url in page.requests if url.endswith("/stats/hit")]
    assert len(beacons) >= 3
    assert all(url.startswith(live_server.url) for url in page.requests)
    assert not page.context.cookies()
    assert buffer.waiting() - buffer_before >= 3
    stats_roll_up()
    row = DailyStats.objects.get(object_id=hub.pk)
    assert row.views == 1
    assert row.engaged_views == 1 and row.engaged_seconds >= 1
