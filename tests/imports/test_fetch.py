"""Downloading an export's pictures: only when the operator allows it, never from the
server's own network, only pictures of a bounded size."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from quire.articles.models import ArticlePage
from quire.imports import fetch
from quire.imports.services import import_items, local_image_finder, read_ghost
from tests.editorial.conftest import writer_account
from tests.factories import png_bytes

PNG = png_bytes(60, 40)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        routes = {
            "/pic.png": (200, "image/png", PNG),
            "/page": (200, "text/html", b"<html></html>"),
            "/huge.png": (200, "image/png", b"\x89PNG" + b"0" * (2 * 1024 * 1024)),
        }
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/pic.png")
            self.end_headers()
            return
        status, kind, body = routes.get(self.path, (404, "text/plain", b"no"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def local_network_allowed(monkeypatch):
    """The test server is on this machine, which the real check refuses (as tested)."""
    monkeypatch.setattr(fetch, "is_public", lambda address: True)


def test_the_servers_own_network_is_refused(server, settings):
    settings.QUIRE_IMPORT_FETCH_MAX_MB = 1
    assert fetch.fetch_picture(server + "/pic.png") is None
    for address in ("127.0.0.1", "10.0.0.7", "192.168.1.2", "169.254.169.254", "::1"):
        assert not fetch.is_public(address), address
    assert fetch.is_public("93.184.216.34")


def test_only_pictures_of_a_bounded_size_are_taken(server, settings, local_network_allowed):
    settings.QUIRE_IMPORT_FETCH_MAX_MB = 1
    assert fetch.fetch_picture(server + "/pic.png") == ("pic.png", PNG)
    assert fetch.fetch_picture(server + "/moved") == ("pic.png", PNG)
    assert fetch.fetch_picture(server + "/page") is None
    assert fetch.fetch_picture(server + "/huge.png") is None
    assert fetch.fetch_picture(server + "/missing.png") is None
    assert fetch.fetch_picture("ftp://example.org/pic.png") is None


def export_with_picture(url: str) -> bytes:
    return json.dumps(
        {
            "db": [
                {
                    "data": {
                        "posts": [
                            {
                                "id": "p1",
                                "title": "Harbour light",
                                "type": "post",
                                "html": f'<p>Morning on the quay.</p><img src="{url}" alt="Quay">',
                                "feature_image": url,
                            }
                        ]
                    }
                }
            ]
        }
    ).encode()


def import_with_picture(writer, url: str, channel) -> dict:
    [line] = import_items(
        writer,
        "ghost",
        read_ghost(export_with_picture(url)),
        fallback_channel=channel,
        find_image=local_image_finder(writer),
    )
    return line


@pytest.mark.django_db
def test_with_the_operators_leave_an_exports_pictures_are_downloaded(
    server, settings, local_network_allowed, channel
):
    settings.QUIRE_IMPORT_FETCH_PICTURES = True
    writer = writer_account(first_name="Noor")
    line = import_with_picture(writer, server + "/pic.png", channel)
    assert line["status"] == "imported" and line["problems"] == []
    hub = ArticlePage.objects.get(pk=line["hub_id"])
    picture = next(b.value["image"] for b in hub.body if b.block_type == "image")
    assert picture.uploaded_by_user == writer and picture.width == 60
    assert hub.lead_image == picture  # downloaded once, used twice


@pytest.mark.django_db
def test_without_it_nothing_is_downloaded(server, settings, local_network_allowed, channel):
    settings.QUIRE_IMPORT_FETCH_PICTURES = False
    line = import_with_picture(writer_account(first_name="Noor"), server + "/pic.png", channel)
    assert any("pic.png" in problem for problem in line["problems"])
