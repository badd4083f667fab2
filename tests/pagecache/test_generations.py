"""The counters behind the page cache: a change made in one worker process is seen at once
by the others on the host, and through Redis by other hosts."""

import multiprocessing
import os
import time
import uuid

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from quire.pagecache import cacheable
from quire.pagecache.generations import Generations, slot_for
from quire.pagecache.middleware import PageCacheMiddleware
from quire.pagecache.store import page_store

REDIS = settings.CACHES["default"]["BACKEND"].startswith("django_redis")


def _bump_in_another_process(path, tags):
    Generations(path).bump(tags)
    os._exit(0)


def test_a_bump_in_another_worker_process_is_seen_at_once(tmp_path):
    path = tmp_path / "generations"
    mine = Generations(path)
    snapshot = mine.snapshot(["page:7", "layout"])
    other_page = mine.snapshot(["page:8"])
    worker = multiprocessing.get_context("fork").Process(
        target=_bump_in_another_process, args=(path, ["page:7"])
    )
    worker.start()
    worker.join(10)
    assert worker.exitcode == 0
    # No waiting: the other process wrote the counter this process reads.
    assert not mine.current(snapshot)
    assert mine.current(other_page)


def test_concurrent_bumps_are_never_lost(tmp_path):
    path = tmp_path / "generations"
    mine = Generations(path)
    before = mine.values[slot_for("page:1")]
    context = multiprocessing.get_context("fork")
    workers = [
        context.Process(target=_bump_in_another_process, args=(path, ["page:1"])) for _ in range(8)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(10)
    assert mine.values[slot_for("page:1")] == before + 8


@pytest.mark.skipif(not REDIS, reason="other hosts are told through Redis")
def test_a_bump_on_one_host_reaches_another_through_redis(tmp_path):
    from django_redis import get_redis_connection

    redis = get_redis_connection("default")
    name = f"quire-test-{uuid.uuid4().hex}"
    # Two hosts: each its own shared-memory file, one Redis.
    here = Generations(tmp_path / "here", redis, f"{name}:g", f"{name}:c")
    there = Generations(tmp_path / "there", redis, f"{name}:g", f"{name}:c")
    try:
        assert here.healthy and there.healthy
        here.bump(["page:3"])
        seen = there.snapshot(["page:3"])
        there.bump(["page:3"])
        deadline = time.monotonic() + 5
        while here.snapshot(["page:3"]) != there.snapshot(["page:3"]):
            assert time.monotonic() < deadline, "the other host never heard of the bump"
            time.sleep(0.005)
        assert not there.current(seen)
        # The values mean the same on both hosts, so a page one keeps in Redis is
        # checked by the other.
        assert here.snapshot(["page:3", "layout"]) == there.snapshot(["page:3", "layout"])
    finally:
        redis.delete(f"{name}:g")


def test_a_page_rendered_across_a_bump_is_not_kept(db, rf: RequestFactory):
    def view(request):
        # Something changes while this page is being rendered from the old rows.
        page_store().generations.bump(["page:99"])
        return cacheable(HttpResponse("<p>old</p>", content_type="text/html"), "page:99")

    middleware = PageCacheMiddleware(view)
    response = middleware(rf.get("/a-page/"))
    assert response.status_code == 200 and response["X-Quire-Cache"] == "miss"
    assert middleware.key(rf.get("/a-page/")) is not None
    assert page_store().get(middleware.key(rf.get("/a-page/"))) is None


def test_a_page_rendered_undisturbed_is_kept(db, rf: RequestFactory):
    middleware = PageCacheMiddleware(
        lambda request: cacheable(HttpResponse("<p>ok</p>", content_type="text/html"), "x")
    )
    middleware(rf.get("/b-page/"))
    assert middleware(rf.get("/b-page/"))["X-Quire-Cache"] == "hit"
    page_store().generations.bump(["x"])
    assert middleware(rf.get("/b-page/"))["X-Quire-Cache"] == "miss"


def _environ(path: str, **extra) -> dict:
    import io
    import sys

    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        **extra,
    }


def test_the_wsgi_front_answers_hits_and_passes_everything_else_to_django(hub):
    from django.test import Client

    from quire.pagecache.middleware import PageCacheApplication

    page = Client().get(hub.url).content  # rendered and kept by the middleware
    passed = []

    def django(environ, start_response):
        passed.append(environ["PATH_INFO"])
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"from Django"]

    front = PageCacheApplication(django)
    answers = {}

    def start_response(status, headers):
        answers["status"], answers["headers"] = status, dict(headers)

    assert b"".join(front(_environ(hub.url), start_response)) == page
    assert answers["status"] == "200 OK" and answers["headers"]["X-Quire-Cache"] == "hit"
    assert passed == []
    etag = answers["headers"]["ETag"]
    assert b"".join(front(_environ(hub.url, HTTP_IF_NONE_MATCH=etag), start_response)) == b""
    assert answers["status"] == "304 Not Modified"
    # A session, a consent cookie to look after, an unknown parameter, a POST: Django.
    for environ in (
        _environ(hub.url, HTTP_COOKIE="sessionid=abc"),
        _environ(hub.url, HTTP_COOKIE="quire_consent=forged"),
        _environ(hub.url, QUERY_STRING="utm_source=x"),
        _environ(hub.url, REQUEST_METHOD="POST"),
        _environ("/not-cached-yet/"),
    ):
        assert b"".join(front(environ, start_response)) == b"from Django"
    assert len(passed) == 5
