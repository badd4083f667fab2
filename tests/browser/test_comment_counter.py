"""The live "N of 8192 characters used" counter counts what the server counts."""

import pytest

from quire.comments.models import Comment
from quire.comments.text import char_count, clean

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def counter_text(page) -> str:
    return page.locator("[data-comment-counter]").inner_text()


def test_the_counter_follows_typing_and_matches_the_server(page_for, live_server, hub, reader):
    page = page_for(reader)
    page.goto(live_server.url + hub.url)
    box = page.locator("textarea[name=text]")
    assert counter_text(page) == "0 of 8192 characters used"

    box.press_sequentially("Hello")
    assert counter_text(page) == "5 of 8192 characters used"

    tricky = "Café e\u0301 👩‍👩‍👧 🇵🇹 नमस्ते\nline two\x07"
    box.fill(tricky)
    expected = char_count(clean(tricky))
    assert counter_text(page).startswith(f"{expected} of 8192")

    box.fill("é" * 7400)
    counter = page.locator("[data-comment-counter]")
    assert "is-near" in counter.get_attribute("class")
    assert "close to the limit" in counter_text(page)

    box.fill("😀" * 8192)
    assert counter_text(page) == "8192 of 8192 characters used — close to the limit"
    box.fill("😀" * 8193)
    assert "is-over" in counter.get_attribute("class")
    assert counter_text(page) == "8193 of 8192 characters used — 1 over the limit"

    # The server agrees, refuses it, and gives the text back with the same count.
    page.click("button:has-text('Post Comment')")
    page.wait_for_load_state()
    assert "Comments are limited to 8192 characters (yours has 8193)." in page.content()
    assert page.locator("textarea[name=text]").input_value() == "😀" * 8193
    assert counter_text(page).startswith("8193 of 8192")
    assert not Comment.objects.exists()

    # Every request the page made stayed on this site.
    assert page.requests and all(url.startswith(live_server.url) for url in page.requests)


def test_without_javascript_the_form_still_posts(browser, live_server, hub, reader):
    from django.test import Client

    client = Client()
    client.force_login(reader)
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(live_server.url + hub.url)
    page.fill("textarea[name=text]", "Posted without scripts")
    # The honeypot's timing layer wants a human pause; the comment is held, not lost.
    page.click("button:has-text('Post Comment')")
    page.wait_for_load_state()
    comment = Comment.objects.get()
    assert comment.text == "Posted without scripts"
    assert "Posted without scripts" in page.content()
    context.close()
