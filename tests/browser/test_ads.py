"""Ads in a real browser: a network's slot stays empty and requests nothing until the
reader allows that network; then its sandboxed first-party frame loads and an impression
is counted once it has been half on screen for a second."""

import pytest

from quire.consent.models import Service
from quire.earnings.models import AdSlot, DailyImpressions
from quire.stats.services import stats_roll_up
from tests.browser.test_consent import choose
from tests.browser.test_stats_beacon import READER_AGENT
from tests.factories import make_hub, text_block

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def ad_hub(channel, author):
    Service.objects.create(
        key="adnet",
        name="Example Ads",
        category="marketing",
        purpose="Shows ads that pay for the site.",
        privacy_policy_url="https://ads.example/privacy",
        hosts="ads.example",
        enabled=True,
    )
    AdSlot.objects.create(
        position=AdSlot.BELOW,
        network="adnet",
        code='<script src="https://ads.example/show.js"></script>',
    )
    return make_hub(channel, author, title="With ads", body=[text_block("Words.")])


def reader_page(browser):
    context = browser.new_context(user_agent=READER_AGENT, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    return page


def test_no_ad_before_consent_then_a_sandboxed_frame_and_one_impression(
    browser, live_server, ad_hub
):
    page = reader_page(browser)
    page.goto(live_server.url + ad_hub.url)
    page.locator(".hub-footer").scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    assert page.locator("[data-ad-slot] iframe").count() == 0
    assert not [u for u in page.requests if "/ads/frame/" in u or "ads.example" in u]
    assert not page.locator("[data-ad-slot]").is_visible()  # an empty slot takes no room

    choose(page, "text=Accept all")
    frame = page.locator("[data-ad-slot] iframe")
    frame.wait_for()
    assert (
        frame.get_attribute("sandbox")
        == "allow-scripts allow-popups allow-popups-to-escape-sandbox"
    )
    assert "/ads/frame/" in frame.get_attribute("src")
    page.locator("[data-ad-slot]").scroll_into_view_if_needed()
    page.wait_for_timeout(1800)
    assert any(u.startswith(live_server.url + "/ads/frame/") for u in page.requests)
    stats_roll_up()
    row = DailyImpressions.objects.get()
    assert (row.hub_id, row.slot, row.network, row.impressions) == (ad_hub.pk, "below", "adnet", 1)
