"""One place that bounds a picture before anything decodes it.

Decoding is what costs memory, and a small file can describe a huge picture: a 21 KB PNG
of 13,300 × 13,300 one-bit pixels takes over a gigabyte once decoded and converted.
Pillow's ``Image.open`` reads only the header, so the format and size are known before a
single pixel is decoded. Every path that takes a picture from outside calls
``image_check`` (or uses ``BoundedImageField``) first, and refuses a file larger than
``QUIRE_IMAGE_MAX_MB`` or with more than ``QUIRE_IMAGE_MAX_PIXELS``:

- avatars (``quire.authors.models.avatar_check``, stricter still);
- pictures an import brings in: files in a zip, files saved beside a page, downloads
  (``quire.imports.services``);
- the editor's image uploads go through Wagtail's own field, which checks the same two
  limits (``WAGTAILIMAGES_MAX_UPLOAD_SIZE`` and ``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` are set
  from them in settings).

Pillow's own guard (``MAX_IMAGE_PIXELS``: a warning above it, an error above twice it) is
set to the same limit for whatever else opens a picture, such as Wagtail's renditions.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError

from .errors import UserError

# Pillow's names of the formats a picture may come in (MPO: a camera's JPEG with a
# second, smaller picture inside it; Pillow opens it as a JPEG).
FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "AVIF")
EXTENSIONS = {
    "JPEG": "jpg",
    "MPO": "jpg",
    "PNG": "png",
    "GIF": "gif",
    "WEBP": "webp",
    "AVIF": "avif",
}
READABLE = "a JPEG, PNG, GIF, WebP or AVIF picture"


class ImageRefused(UserError, ValueError):
    """The picture is refused before it is decoded; the message says why, plainly."""


@dataclass(frozen=True)
class ImageHeader:
    format: str
    width: int
    height: int

    @property
    def pixels(self) -> int:
        return self.width * self.height

    @property
    def extension(self) -> str:
        return EXTENSIONS.get(self.format, self.format.lower())


def max_bytes() -> int:
    return settings.QUIRE_IMAGE_MAX_MB * 1024 * 1024


def max_pixels() -> int:
    return settings.QUIRE_IMAGE_MAX_PIXELS


def _size(source: bytes | IO[bytes]) -> int:
    if isinstance(source, bytes | bytearray):
        return len(source)
    size = getattr(source, "size", None)
    if isinstance(size, int):
        return size
    position = source.tell()
    source.seek(0, io.SEEK_END)
    size = source.tell()
    source.seek(position)
    return size


def too_many_pixels(width: int, height: int, limit: int) -> str:
    return (
        f"This picture is {width:,} × {height:,} pixels; the most Quire accepts is "
        f"{limit / 1_000_000:,.0f} million pixels. Make it smaller and try again."
    )


def bytes_check(size: int, limit_bytes: int | None = None) -> None:
    """``ImageRefused`` when a picture of ``size`` bytes is over the limit: checked before
    the file is read, where its size is known first (an entry of a zip)."""
    limit_bytes = max_bytes() if limit_bytes is None else limit_bytes
    if size > limit_bytes:
        raise ImageRefused(
            f"This picture is {filesizeformat(size)}; the most Quire accepts is "
            f"{filesizeformat(limit_bytes)}."
        )


def image_check(
    source: bytes | IO[bytes],
    *,
    limit_bytes: int | None = None,
    limit_pixels: int | None = None,
    formats: tuple[str, ...] = FORMATS,
    readable: str = READABLE,
) -> ImageHeader:
    """The picture's format and size, read from its header alone; ``ImageRefused`` when
    it is too large in bytes or pixels, or not a picture in one of ``formats``."""
    limit_pixels = max_pixels() if limit_pixels is None else limit_pixels
    bytes_check(_size(source), limit_bytes)
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    start = stream.tell() if stream.seekable() else 0
    stream.seek(0)
    try:
        # Lazy: reads the header, decodes nothing.
        with Image.open(stream, formats=list(formats)) as picture:
            header = ImageHeader(picture.format or "", *picture.size)
    except Image.DecompressionBombError:
        # Pillow itself refuses, while reading the header, twice its limit (ours).
        raise ImageRefused(
            f"This picture has more than {2 * Image.MAX_IMAGE_PIXELS / 1_000_000:,.0f} million "
            f"pixels; the most Quire accepts is {limit_pixels / 1_000_000:,.0f} million. "
            "Make it smaller and try again."
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ImageRefused(f"This file is not {readable} that Quire can read.") from None
    finally:
        stream.seek(start)
    if header.pixels > limit_pixels:
        raise ImageRefused(too_many_pixels(header.width, header.height, limit_pixels))
    return header


class BoundedImageField(forms.ImageField):
    """Django's image field, but a picture too large in bytes or pixels is refused from
    its header, before Django's own check (or anything else) opens it further."""

    check = staticmethod(image_check)

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        try:
            self.check(upload)
        except ImageRefused as error:
            raise forms.ValidationError(str(error), code="image_refused") from None
        return super().to_python(data)


def pillow_limit_apply() -> None:
    """Pillow's own decompression-bomb guard, at Quire's limit (it warns above it and
    refuses above twice it) for anything that opens a picture without ``image_check``.
    Applied once, at start-up (``CoreConfig.ready``)."""
    Image.MAX_IMAGE_PIXELS = max_pixels()
