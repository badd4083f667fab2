"""Third-party embeds in capsules: where a video or map comes from, and the addresses Quire
uses for it — always privacy-friendly ones (youtube-nocookie.com, Vimeo with
do-not-track). The service keys are the consent registry's (quire/consent), which gates
every one of them."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from quire.core.errors import UserError


@dataclass(frozen=True)
class Embed:
    service: str  # the registry key
    provider: str  # shown in "Open it on …"
    src: str  # loaded in an iframe only after consent
    link: str  # a plain link to the content


class EmbedError(UserError, ValueError):
    """An address that is no video Quire can embed; the message says why."""


YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
VIMEO_ID = re.compile(r"[0-9]{1,12}")


def video(url: str) -> Embed:
    """The embed for a YouTube or Vimeo address; anything else raises EmbedError."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise EmbedError("Enter the full address of a YouTube or Vimeo video.")
    host = parts.hostname.lower().removeprefix("www.").removeprefix("m.")
    path = parts.path.rstrip("/")
    video_id = None
    if host in ("youtube.com", "youtube-nocookie.com", "music.youtube.com"):
        if path == "/watch":
            video_id = (parse_qs(parts.query).get("v") or [""])[0]
        else:
            match = re.fullmatch(r"/(?:embed|shorts|live|v)/([^/]+)", path)
            video_id = match[1] if match else None
    elif host == "youtu.be":
        video_id = path.lstrip("/")
    if video_id is not None:
        if not YOUTUBE_ID.fullmatch(video_id):
            raise EmbedError("That YouTube address has no valid video id.")
        return Embed(
            service="youtube",
            provider="YouTube",
            src=f"https://www.youtube-nocookie.com/embed/{video_id}",
            link=f"https://www.youtube.com/watch?v={video_id}",
        )
    if host in ("vimeo.com", "player.vimeo.com"):
        match = re.fullmatch(r"(?:/video)?/([0-9]+)", path)
        if not match or not VIMEO_ID.fullmatch(match[1]):
            raise EmbedError("That Vimeo address has no video number.")
        vimeo_id = match[1]
        return Embed(
            service="vimeo",
            provider="Vimeo",
            src=f"https://player.vimeo.com/video/{vimeo_id}?dnt=1",
            link=f"https://vimeo.com/{vimeo_id}",
        )
    raise EmbedError(
        "Only YouTube and Vimeo videos can be embedded. Link to other videos in the text."
    )


def osm_map(latitude: float, longitude: float, zoom: int) -> Embed:
    """An OpenStreetMap view centred on a point, with a marker."""
    # The visible box: about one tile's width at this zoom either side of the point.
    half = 360 / (2**zoom) * 1.5
    box = [
        max(longitude - half, -180),
        max(latitude - half / 2, -85),
        min(longitude + half, 180),
        min(latitude + half / 2, 85),
    ]
    query = urlencode(
        {
            "bbox": ",".join(f"{v:.5f}" for v in box),
            "layer": "mapnik",
            "marker": f"{latitude:.5f},{longitude:.5f}",
        }
    )
    return Embed(
        service="openstreetmap",
        provider="OpenStreetMap",
        src=f"https://www.openstreetmap.org/export/embed.html?{query}",
        link=(
            f"https://www.openstreetmap.org/?mlat={latitude:.5f}&mlon={longitude:.5f}"
            f"#map={zoom}/{latitude:.5f}/{longitude:.5f}"
        ),
    )
