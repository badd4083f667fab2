"""Real-browser tests: Playwright driving Debian's chromium, headless.

Without /usr/bin/chromium these tests are skipped, unless QUIRE_REQUIRE_BROWSER is set
(CI sets it, after installing chromium), in which case they fail.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("QUIRE_CHROMIUM", "/usr/bin/chromium"))
# Playwright's synchronous API runs an event loop in the test's thread; the ORM calls
# the tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _site(transactional_db):
    """A live-server test runs in a transactional database, emptied after each test and
    refilled with what migrations made (``serialized_rollback``); this puts back the home
    page and channels. ``make test`` runs these tests in a process of their own."""
    from quire.site.setup import site_setup

    site_setup()


@pytest.fixture
def browser(_site):
    # Started per test, after the database is ready: Playwright's synchronous API switches
    # greenlets, and Django's per-context connection state must be set up before that.
    if not CHROMIUM.exists():
        if os.environ.get("QUIRE_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package.")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium to run browser tests)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
        # Connections opened while Playwright ran belong to its context; close them so
        # the test database can be dropped at the end.
        from django.db import connections

        connections.close_all()


@pytest.fixture
def page_for(browser, live_server):
    """A fresh browser page, signed in as ``user`` if given, recording every request."""
    contexts = []

    def open_page(user=None):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        if user is not None:
            from django.test import Client

            client = Client()
            client.force_login(user)
            cookie = client.cookies["sessionid"]
            context.add_cookies(
                [{"name": "sessionid", "value": cookie.value, "url": live_server.url}]
            )
        page = context.new_page()
        page.requests = []
        page.on("request", lambda request: page.requests.append(request.url))
        return page

    yield open_page
    for context in contexts:
        context.close()
