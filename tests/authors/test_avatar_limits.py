"""Avatars are bounded in bytes and pixels before they are decoded: a tiny file that
describes a huge picture is refused from its header, the worker's memory stays flat, and
the settings form says why while keeping what the person typed."""

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from quire.authors.models import AVATAR_SIZE
from tests.core.test_image_limits import bomb_png
from tests.factories import UserFactory, png_bytes

ROOT = Path(__file__).resolve().parents[2]

# Runs in a fresh interpreter so that its peak memory is this work's alone: the peak of
# its own address space (VmHWM; ru_maxrss would carry the test process's peak over exec).
MEASURE = textwrap.dedent(
    """
    import json, django

    def peak_kb():
        with open("/proc/self/status") as status:
            return next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from quire.site.account_forms import ProfileSettingsForm
    from quire.authors.models import square_avatar
    from tests.core.test_image_limits import bomb_png

    data = bomb_png(13_300, 13_300)
    before = peak_kb()
    field = ProfileSettingsForm.base_fields["avatar"]
    outcomes = []
    for step in (lambda upload: field.clean(upload), lambda upload: square_avatar(upload, "x")):
        upload = SimpleUploadedFile("me.png", data, content_type="image/png")
        try:
            step(upload)
            outcomes.append("accepted")
        except Exception as error:
            outcomes.append(type(error).__name__ + ": " + str(error))
    after = peak_kb()
    print(json.dumps({"grew_kb": after - before, "outcomes": outcomes}))
    """
)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's /proc")
def test_a_decompression_bomb_avatar_keeps_the_workers_memory_flat():
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "quire.settings.test"}
    environment["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *filter(None, [environment.get("PYTHONPATH")])]
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", MEASURE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    # Decoding it would take ~180 MB as one-bit pixels and ~700 MB as RGB.
    assert result["grew_kb"] < 20 * 1024, result
    assert all("pixels" in outcome for outcome in result["outcomes"]), result


def _settings_post(client, avatar, **extra):
    return client.post(
        "/accounts/settings/",
        {
            "profile-display_name": "Ravi M.",
            "profile-bio": "Bakes on Sundays",
            "profile-location": "Goa, India",
            "profile-about": "",
            "profile-avatar": avatar,
            "prefs-email_on_reply": "on",
            **extra,
        },
    )


@pytest.mark.django_db
def test_the_settings_form_refuses_a_bomb_avatar_plainly_and_keeps_the_rest(client, reader):
    client.force_login(reader)
    upload = SimpleUploadedFile("me.png", bomb_png(13_300, 13_300), content_type="image/png")
    response = _settings_post(client, upload)
    assert response.status_code == 400
    html = response.content.decode()
    assert "pixels; the most Quire accepts is 50 million" in html
    assert 'value="Goa, India"' in html and 'value="Bakes on Sundays"' in html
    reader.author_profile.refresh_from_db()
    assert not reader.author_profile.avatar and reader.author_profile.bio == ""


@pytest.mark.django_db
def test_an_avatar_with_too_many_pixels_for_its_format_is_refused(client, reader):
    """Under the site's limit but decoded whole (not a JPEG): 4,000 × 3,000 is too many."""
    client.force_login(reader)
    upload = SimpleUploadedFile("wide.png", bomb_png(4_000, 3_000), content_type="image/png")
    response = _settings_post(client, upload)
    assert response.status_code == 400
    html = response.content.decode()
    assert "4,000 × 3,000 pixels; the most Quire accepts is 10 million" in html
    assert "A JPEG photo may be larger." in html


@pytest.mark.django_db
def test_an_avatar_over_the_byte_limit_is_refused(client, reader):
    client.force_login(reader)
    big = png_bytes(40, 30) + b"\x00" * (10 * 1024 * 1024)
    response = _settings_post(client, SimpleUploadedFile("me.png", big, content_type="image/png"))
    assert response.status_code == 400
    assert "the most Quire accepts is 10.0" in response.content.decode()
    reader.author_profile.refresh_from_db()
    assert not reader.author_profile.avatar


@pytest.mark.django_db
def test_a_large_jpeg_photo_becomes_a_small_avatar(client, reader):
    """A JPEG is decoded at a fraction of its size, so a full-size photo is welcome."""
    photo = io.BytesIO()
    Image.new("RGB", (5_000, 3_000), (30, 90, 160)).save(photo, "JPEG", quality=50)
    client.force_login(reader)
    upload = SimpleUploadedFile("me.jpg", photo.getvalue(), content_type="image/jpeg")
    assert _settings_post(client, upload).status_code == 302
    reader.author_profile.refresh_from_db()
    with Image.open(reader.author_profile.avatar.path) as stored:
        assert stored.size == (AVATAR_SIZE, AVATAR_SIZE) and stored.format == "JPEG"
        red, green, blue = stored.convert("RGB").getpixel((128, 128))
        assert abs(red - 30) < 12 and abs(green - 90) < 12 and abs(blue - 160) < 12


@pytest.mark.django_db
def test_avatars_keep_their_orientation_and_palette_pictures_their_colours():
    from quire.authors.models import square_avatar

    # A camera's picture stored on its side: EXIF orientation 6 (turn 90° clockwise).
    sideways = Image.new("RGB", (600, 300), (255, 255, 255))
    sideways.paste((200, 20, 20), (0, 0, 300, 300))  # red on the left, white on the right
    exif = Image.Exif()
    exif[0x0112] = 6
    photo = io.BytesIO()
    sideways.save(photo, "JPEG", exif=exif)
    upright = _decoded(square_avatar(SimpleUploadedFile("me.jpg", photo.getvalue()), "a"))
    assert upright.size == (AVATAR_SIZE, AVATAR_SIZE)
    # Turned upright, the red half is on top (unturned, it would be on the left).
    assert upright.getpixel((200, 30))[1] < 80 and upright.getpixel((200, 220))[1] > 200

    palette = io.BytesIO()
    Image.new("RGB", (900, 500), (20, 160, 60)).convert("P").save(palette, "PNG")
    green = _decoded(square_avatar(SimpleUploadedFile("me.png", palette.getvalue()), "b"))
    red, g, blue = green.getpixel((128, 128))
    assert g > 120 and red < 60 and blue < 90


def _decoded(content) -> Image.Image:
    return Image.open(io.BytesIO(content.read())).convert("RGB")


@pytest.mark.django_db
def test_saving_a_profile_with_a_bomb_avatar_in_code_is_refused_too():
    from quire.core.images import ImageRefused

    profile = UserFactory().author_profile
    profile.avatar = SimpleUploadedFile("me.png", bomb_png(13_300, 13_300))
    with pytest.raises(ImageRefused):
        profile.save()
