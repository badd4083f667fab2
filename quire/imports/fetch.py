"""Downloading the pictures an export points to, when the operator allows it
(``QUIRE_IMPORT_FETCH_PICTURES``; off by default: nothing is fetched and missing pictures
are listed in the report).

A download is refused unless every address the host name resolves to is a public one (no
loopback, private, link-local or reserved address: an export must not make the server
reach into its own network), and the connection is then made to the address that was
checked, so a second DNS answer cannot point it elsewhere. Only http and https, at most
three redirects (each checked the same way), a timeout, an ``image/*`` answer no larger
than ``QUIRE_IMPORT_FETCH_MAX_MB`` (nor ``QUIRE_IMAGE_MAX_MB``); its header is then checked
(quire.core.images: a picture, not too many pixels) before anything decodes it.
"""

from __future__ import annotations

import http.client
import ipaddress
import logging
import socket
import ssl
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from quire.core.errors import UserError
from quire.core.images import max_bytes

logger = logging.getLogger(__name__)

TIMEOUT = 10
MAX_REDIRECTS = 3


class FetchRefused(UserError):
    """A picture's address that is not fetched; the message says why."""


def is_public(address: str) -> bool:
    return ipaddress.ip_address(address).is_global


def _checked_address(host: str, port: int) -> str:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise FetchRefused(f"{host} cannot be resolved") from error
    addresses = {info[4][0] for info in infos}
    if not addresses or not all(is_public(a) for a in addresses):
        raise FetchRefused(f"{host} is not a public address")
    return sorted(addresses)[0]


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, context=ssl.create_default_context(), **kwargs)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def fetch_picture(url: str) -> tuple[str, bytes] | None:
    """(file name, bytes) of the picture at ``url``, or None (the reason is logged)."""
    # Never more than a picture may be (quire.core.images): it would be refused after.
    limit = min(settings.QUIRE_IMPORT_FETCH_MAX_MB * 1024 * 1024, max_bytes())
    try:
        for _ in range(MAX_REDIRECTS + 1):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise FetchRefused("not an http(s) address")
            port = parts.port or (443 if parts.scheme == "https" else 80)
            address = _checked_address(parts.hostname, port)
            kind = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
            connection = kind(parts.hostname, port, address, timeout=TIMEOUT)
            path = parts.path or "/"
            if parts.query:
                path += "?" + parts.query
            try:
                connection.request("GET", path, headers={"User-Agent": "Quire import"})
                response = connection.getresponse()
                if response.status in (301, 302, 303, 307, 308):
                    url = urljoin(url, response.getheader("Location") or "")
                    continue
                if response.status != 200:
                    raise FetchRefused(f"answered {response.status}")
                if not (response.getheader("Content-Type") or "").startswith("image/"):
                    raise FetchRefused("not a picture")
                if int(response.getheader("Content-Length") or 0) > limit:
                    raise FetchRefused("too large")
                data = response.read(limit + 1)
                if len(data) > limit:
                    raise FetchRefused("too large")
                name = PurePosixPath(parts.path).name or "picture"
                return name, data
            finally:
                connection.close()
        raise FetchRefused("too many redirects")
    except (FetchRefused, OSError, http.client.HTTPException, ValueError) as error:
        logger.info("Picture not downloaded: %s (%s)", url, error)
        return None
