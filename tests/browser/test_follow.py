"""Following in a real browser: from a cached hub page as a visitor, through sign-up and
the address's confirmation, back on the hub with the follow done; unfollowing in place;
the following feed."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from quire.audience.models import Follow
from tests.factories import UserFactory, make_hub

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_visitor_follows_from_a_cached_hub_signs_up_and_lands_back_following(
    page_for, live_server, hub, author
):
    page_for().goto(live_server.url + hub.url)  # an earlier reader: the page is kept
    page = page_for()
    cached = page.goto(live_server.url + hub.url)
    assert cached.headers.get("x-quire-cache") == "hit"
    page.locator("form[data-follow] button").first.click()
    page.get_by_role("button", name="Create an account").click()
    page.fill("input[name=email]", "mira@example.org")
    page.fill("input[name=display_name]", "Mira Sol")
    page.fill("input[name=password1]", "a long and unusual passphrase 5")
    page.fill("input[name=password2]", "a long and unusual passphrase 5")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert not Follow.objects.exists()
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group()
    page.goto(live_server.url + link.split("://", 1)[1].split("/", 1)[1].join(["/", ""]))
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    page.fill("input[name=login]", "mira@example.org")
    page.fill("input[name=password]", "a long and unusual passphrase 5")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(live_server.url + hub.url)
    assert "You now follow Hana Okafor." in page.content()
    follow = Follow.objects.get()
    assert follow.follower.email == "mira@example.org" and follow.author == author
    # The buttons show it (the page's state, fetched), and unfollow in place.
    button = page.locator("form[data-follow] button").first
    button.wait_for(state="visible")
    expect(button).to_have_attribute("aria-pressed", "true")
    assert button.inner_text().startswith("Following")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    assert not Follow.objects.exists()
    assert page.url == live_server.url + hub.url  # no page change


def test_the_following_feed_in_the_browser(page_for, live_server, channel, author):
    reader = UserFactory()
    make_hub(channel, author, title="Fresh from a followed author")
    Follow.objects.create(follower=reader, author=author)
    page = page_for(reader)
    page.goto(live_server.url + "/following/")
    assert page.locator(".hub-card-title").all_inner_texts() == ["Fresh from a followed author"]
    page.locator("header .site-actions a", has_text="Following").click()
    assert page.url.endswith("/following/")
