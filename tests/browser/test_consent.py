"""Proof in a real browser: nothing third-party loads before the visitor says yes."""

import pytest

from quire.consent.models import ConsentSettings
from tests.factories import make_hub, text_block

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

YOUTUBE = "www.youtube-nocookie.com"
VIMEO = "player.vimeo.com"
OSM = "www.openstreetmap.org"


@pytest.fixture
def embed_hub(channel, author):
    body = [
        text_block("A short introduction."),
        {
            "type": "video",
            "value": {"url": "https://youtu.be/aqz-KE-bpKQ", "title": "Harbour", "caption": ""},
        },
        {
            "type": "video",
            "value": {"url": "https://vimeo.com/76979871", "title": "Ferry", "caption": ""},
        },
        {
            "type": "map",
            "value": {
                "title": "Square",
                "latitude": 38.7,
                "longitude": -9.1,
                "zoom": 14,
                "caption": "",
            },
        },
    ]
    return make_hub(channel, author, title="Three embeds", body=body)


def third_party(page, live_server) -> list[str]:
    return [url for url in page.requests if not url.startswith(live_server.url)]


def settle(page):
    """Bring every embed into view (iframes load lazily) and let requests start."""
    page.wait_for_load_state("load")
    for frame in page.locator("[data-consent-embed]").all():
        frame.scroll_into_view_if_needed()
    page.wait_for_timeout(400)


def choose(page, selector: str) -> None:
    """Click a consent button and wait until the server has recorded the choice."""
    with page.expect_response("**/privacy/choices/"):
        page.click(selector)


def requested(page, host: str) -> bool:
    return any(f"://{host}/" in url for url in page.requests)


def test_a_fresh_visitor_loads_nothing_from_anyone_else(page_for, live_server, embed_hub):
    page = page_for()
    page.goto(live_server.url + embed_hub.url)
    settle(page)
    assert page.locator("[data-consent-banner]").is_visible()
    assert page.locator("iframe").count() == 0
    assert page.requests and third_party(page, live_server) == []


def test_reject_all_stays_at_zero_even_after_reload(page_for, live_server, embed_hub):
    page = page_for()
    page.goto(live_server.url + embed_hub.url)
    choose(page, "text=Reject all")
    settle(page)
    assert not page.locator("[data-consent-banner]").is_visible()
    page.reload()
    settle(page)
    assert not page.locator("[data-consent-banner]").is_visible()
    assert third_party(page, live_server) == []


def test_accept_all_loads_every_embed(page_for, live_server, embed_hub):
    page = page_for()
    page.goto(live_server.url + embed_hub.url)
    choose(page, "text=Accept all")
    settle(page)
    assert page.locator("iframe").count() == 3
    assert requested(page, YOUTUBE) and requested(page, VIMEO) and requested(page, OSM)
    page.reload()  # remembered
    settle(page)
    assert not page.locator("[data-consent-banner]").is_visible()
    assert page.locator("iframe").count() == 3


def test_always_allow_youtube_loads_youtube_only(page_for, live_server, embed_hub):
    page = page_for()
    page.goto(live_server.url + embed_hub.url)
    choose(page, "text=Always allow YouTube")
    settle(page)
    assert requested(page, YOUTUBE)
    assert not requested(page, VIMEO) and not requested(page, OSM)
    assert page.locator("iframe").count() == 1


def test_load_once_loads_that_embed_for_this_view_only(page_for, live_server, embed_hub):
    page = page_for()
    page.goto(live_server.url + embed_hub.url)
    page.locator("[data-service=openstreetmap] [data-embed-load]").click()
    settle(page)
    assert requested(page, OSM) and not requested(page, YOUTUBE)
    page.requests.clear()
    page.reload()
    settle(page)
    assert third_party(page, live_server) == []


def test_global_privacy_control_keeps_marketing_off(browser, live_server, embed_hub):
    context = browser.new_context(extra_http_headers={"Sec-GPC": "1"})
    context.add_init_script(
        "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true})"
    )
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.goto(live_server.url + embed_hub.url)
    assert page.locator("[data-consent-gpc]").is_visible()
    choose(page, "text=Accept all")
    settle(page)
    assert requested(page, VIMEO) and requested(page, OSM)
    assert not requested(page, YOUTUBE)
    context.close()


def test_a_new_registry_version_asks_again(page_for, live_server, embed_hub):
    page = page_for()
    page.goto(live_server.url + embed_hub.url)
    choose(page, "text=Accept all")
    settle(page)
    settings = ConsentSettings.load()
    settings.registry_version += 1
    settings.save()
    page.requests.clear()
    page.reload()
    settle(page)
    assert page.locator("[data-consent-banner]").is_visible()
    assert third_party(page, live_server) == []


def test_the_banner_works_from_the_keyboard(page_for, live_server, embed_hub):
    page = page_for()
    page.goto(live_server.url + embed_hub.url)
    # The banner does not trap focus or hide the article: the skip link comes first.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    customise = page.locator("[data-consent-customise]")
    customise.focus()
    page.keyboard.press("Enter")
    assert customise.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.id") == "consent-title"
    page.locator("input[name=category][value=features]").check()
    with page.expect_response("**/privacy/choices/"):
        page.keyboard.press("Tab")  # leave the check box
        page.locator("text=Save my choices").press("Enter")
    settle(page)
    assert requested(page, VIMEO) and requested(page, OSM) and not requested(page, YOUTUBE)


def test_privacy_choices_link_reopens_the_preferences(page_for, live_server, embed_hub):
    page = page_for()
    page.goto(live_server.url + embed_hub.url)
    choose(page, "text=Accept all")
    page.click("footer >> text=Privacy choices")
    assert page.locator("[data-consent-form]").is_visible()
    assert page.locator("input[name=category][value=marketing]").is_checked()
    with page.expect_navigation():  # withdrawing reloads the page
        page.click("text=Reject all")
    settle(page)
    assert page.locator("iframe").count() == 0


def test_an_opt_out_region_loads_non_marketing_embeds_until_refused(
    page_for, live_server, embed_hub
):
    settings = ConsentSettings.load()
    settings.country_header = "CF-IPCountry"
    settings.save()
    page = page_for()
    page.context.set_extra_http_headers({"CF-IPCountry": "US"})
    page.goto(live_server.url + embed_hub.url)  # this response sets the region cookie
    page.reload()
    settle(page)
    assert requested(page, VIMEO) and requested(page, OSM) and requested(page, YOUTUBE)
    assert page.locator("[data-consent-banner]").is_visible()  # refusing stays one click
    with page.expect_navigation():  # withdrawing reloads the page without the embeds
        page.click("text=Reject all")
    page.requests.clear()
    page.reload()
    settle(page)
    assert third_party(page, live_server) == []
