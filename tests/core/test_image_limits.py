"""Pictures are bounded in bytes and pixels from their header, before anything decodes
them: the shared check, Pillow's own guard, and the editor's (Wagtail's) image uploads."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model

from tests.editorial.conftest import writer_account
from tests.factories import png_bytes


def bomb_png(width: int, height: int) -> bytes:
    """A valid one-bit PNG of ``width`` × ``height`` black pixels, written row by row so
    that making it costs almost no memory: 13,300 × 13,300 is about 21 KB on disk and
    177 million pixels once decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    row = b"\x00" + bytes((width + 7) // 8)  # filter byte, then the packed bits
    packer = zlib.compressobj(9)
    rows = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def test_the_hostile_picture_is_what_the_issue_describes():
    data = bomb_png(13_300, 13_300)
    assert len(data) < 25_000
    assert struct.unpack(">II", data[16:24]) == (13_300, 13_300)  # IHDR's width and height
    assert zlib.decompressobj().decompress(data[41:-16], 2) == b"\x00\x00"  # a first row


def test_the_check_reads_the_header_and_refuses_too_many_pixels():
    from quire.core.images import ImageRefused, image_check

    with pytest.raises(ImageRefused, match=r"8,000 × 8,000 pixels.*50 million"):
        image_check(bomb_png(8_000, 8_000))
    with pytest.raises(ImageRefused, match=r"more than 100 million pixels.*50 million"):
        image_check(bomb_png(13_300, 13_300))
    header = image_check(png_bytes(300, 200))
    assert (header.format, header.width, header.height) == ("PNG", 300, 200)
    assert header.extension == "png"


def test_the_check_refuses_too_many_bytes_before_opening_the_file():
    from quire.core.images import ImageRefused, image_check

    class Unreadable(io.BytesIO):
        def read(self, *args):
            raise AssertionError("a file over the byte limit must not be read")

    with pytest.raises(ImageRefused, match="the most Quire accepts is 10"):
        image_check(Unreadable(b"\x00" * (10 * 1024 * 1024 + 1)))


def test_the_check_refuses_what_is_not_a_picture_and_rewinds_files():
    from quire.core.images import ImageRefused, image_check

    with pytest.raises(ImageRefused, match="not a JPEG, PNG, GIF, WebP or AVIF picture"):
        image_check(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    with pytest.raises(ImageRefused):
        image_check(png_bytes()[:30])  # cut short inside the header
    handle = io.BytesIO(png_bytes())
    handle.seek(5)
    image_check(handle)
    assert handle.tell() == 5


def test_pillow_refuses_twice_the_limit_for_whatever_else_opens_pictures():
    from PIL import Image

    import quire.core.images  # noqa: F401  (sets Pillow's limit when loaded, as at start-up)

    assert Image.MAX_IMAGE_PIXELS == 50_000_000
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(bomb_png(10_001, 10_001)))


def _upload(client, upload):
    """The editor's upload of a picture (Wagtail's "Add images" page, by its script)."""
    return client.post(
        "/admin/images/multiple/add/",
        {"files[]": upload},
        headers={"x-requested-with": "XMLHttpRequest"},
    )


@pytest.mark.django_db
def test_the_editors_image_upload_refuses_a_picture_with_too_many_pixels(client):
    """Wagtail's own upload field checks WAGTAILIMAGES_MAX_IMAGE_PIXELS from the header;
    it is set to Quire's limit (its default, 128 million, lets 8,000 × 8,000 through)."""
    author = writer_account()
    client.force_login(author)
    upload = SimpleUploadedFile("wall.png", bomb_png(8_000, 8_000), content_type="image/png")
    response = _upload(client, upload)
    assert response.status_code == 200
    answer = response.json()
    assert (
        answer["success"] is False
        and "the most Quire accepts is 50 million pixels" in answer["error_message"]
    )
    assert not get_image_model().objects.filter(uploaded_by_user=author).exists()
    # An ordinary picture is still welcome.
    upload = SimpleUploadedFile("fine.png", png_bytes(400, 300), content_type="image/png")
    response = _upload(client, upload)
    assert response.json()["success"] is True


@pytest.mark.django_db
def test_the_editors_image_upload_refuses_a_picture_over_the_byte_limit(client, settings):
    from django.conf import settings as live

    assert live.WAGTAILIMAGES_MAX_UPLOAD_SIZE == live.QUIRE_IMAGE_MAX_MB * 1024 * 1024
    client.force_login(writer_account())
    big = png_bytes(40, 30) + b"\x00" * (10 * 1024 * 1024)
    upload = SimpleUploadedFile("big.png", big, content_type="image/png")
    response = _upload(client, upload)
    assert response.json()["success"] is False
    assert "the most Quire accepts is 10.0" in response.json()["error_message"]
