"""Each reach into Django's or Wagtail's private API (quire/core/compat.py), pinned to the
versions it was checked against: when one of these fails after an upgrade, read that
part of compat.py against the new release, mend it, and move the pin."""

import django
import pytest
import wagtail
from django.db import connection, transaction
from wagtail.models import Page

from quire.core import compat
from quire.pagecache import tags


def test_the_versions_these_shims_were_checked_against():
    assert django.VERSION[:2] == (5, 2)
    assert wagtail.VERSION[:1] == (8,)


@pytest.mark.django_db
def test_on_commit_waiting_follows_djangos_list_of_callbacks():
    def callback():
        pass

    with transaction.atomic():
        transaction.on_commit(callback)
        assert compat.on_commit_waiting(connection, callback)
        assert not compat.on_commit_waiting(connection, lambda: None)


@pytest.mark.django_db
def test_a_test_cases_own_transaction_counts_as_autocommit():
    assert connection.in_atomic_block  # the test case's
    assert compat.open_transaction(connection) is None
    with transaction.atomic():
        first = compat.open_transaction(connection)
        assert first is not None
        with transaction.atomic():
            assert compat.open_transaction(connection) == first  # still the same one
    with transaction.atomic():
        assert compat.open_transaction(connection) != first


@pytest.mark.django_db
def test_the_draft_fields_are_what_wagtail_writes_for_a_draft_and_a_lock(hub, editor, monkeypatch):
    written = []
    real = Page.save

    def save(self, *args, **kwargs):
        written.append(kwargs.get("update_fields"))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Page, "save", save)
    hub.title = "A new title, in a draft"
    hub.save_revision(user=editor)
    hub.locked, hub.locked_by = True, editor
    hub.save(update_fields=["locked", "locked_by", "locked_at"])
    assert written and all(fields is not None for fields in written)
    assert all(not compat.page_save_touches_readers(fields) for fields in written)
    assert compat.page_save_touches_readers(None)
    assert compat.page_save_touches_readers(["title", "latest_revision"])


def test_the_channel_tags_path_length_is_wagtails_tree():
    assert Page.steplen == tags.PAGE_STEPLEN


@pytest.mark.django_db
def test_the_site_lookup_is_wagtails_and_is_read_back_by_it(rf, home):
    from wagtail.models import Site

    request = rf.get("/", HTTP_HOST="localhost")
    assert compat.site_key(request) == ("localhost", "80")
    site = compat.site_find(request)
    assert site == Site.objects.get(is_default_site=True)
    other = Site(hostname="elsewhere.example", root_page=home)
    compat.site_remember(request, other)
    assert Site.find_for_request(request) is other


@pytest.mark.django_db
def test_the_search_index_tables_ranking_reads_are_wagtails():
    from wagtail.search.models import IndexEntry

    assert IndexEntry._meta.db_table == compat.SEARCH_INDEX_TABLE
    tables = connection.introspection.table_names()
    assert compat.SEARCH_INDEX_TABLE in tables
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT title, body FROM {compat.SEARCH_FTS_TABLE} LIMIT 0")  # noqa: S608


def test_the_page_listing_filters_scoped_are_still_wagtails():
    assert len(list(compat.page_listing_filters("owner"))) == 2
    assert len(list(compat.page_listing_filters("edited_by"))) == 2


def test_csp_replace_and_exempt_are_read_by_django_csp(rf):
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse

    middleware = CSPMiddleware(lambda request: HttpResponse())
    response = HttpResponse()
    compat.csp_replace(response, "frame-src", ["https://video.example"])
    middleware.process_request(request := rf.get("/"))
    policy = middleware.process_response(request, response)["Content-Security-Policy"]
    assert "frame-src https://video.example" in policy
    exempt = HttpResponse()
    compat.csp_exempt(exempt)
    assert "Content-Security-Policy" not in middleware.process_response(request, exempt)


def test_the_redis_client_is_found_behind_each_redis_cache():
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    assert compat.redis_client(LocMemCache("x", {})) is None
    cache = caches["default"]
    if "redis" in type(cache).__module__:
        assert compat.redis_client(cache).ping()


def test_allauths_limiter_still_has_the_functions_quire_replaces():
    from allauth.core.internal import ratelimit as allauth_ratelimit

    from quire.accounts.limits import _clear, _consume_single_rate

    assert allauth_ratelimit._consume_single_rate is _consume_single_rate
    assert allauth_ratelimit.clear is _clear
