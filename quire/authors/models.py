import hashlib
from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageOps

from quire.core.images import ImageHeader, ImageRefused, image_check, too_many_pixels

AVATAR_SIZE = 256
AVATAR_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]
AVATAR_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
# A JPEG is decoded at 1/2 to 1/8 of its size (Pillow's draft mode), so a full-size photo
# costs a few megabytes. Other formats are decoded whole, about 4 bytes a pixel: this
# keeps an avatar under 40 MB while it is made.
AVATAR_MAX_PIXELS = 10_000_000
DRAFTABLE = ("JPEG", "MPO")

# Background colours for initials avatars: each passes WCAG AA contrast with white text.
INITIALS_COLOURS = [
    "#8a3b12",
    "#1d5c63",
    "#5b3a8c",
    "#2f5d1f",
    "#8c2f4b",
    "#34495e",
    "#7a4f01",
    "#1f4f8c",
]


def avatar_upload_to(profile: "AuthorProfile", filename: str) -> str:
    return f"avatars/{profile.slug}.jpg"


class AuthorProfile(models.Model):
    """What readers see of a person who writes or comments: name, picture, bio."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="author_profile"
    )
    display_name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True, help_text="The profile's web address.")
    bio = models.CharField(
        "one-line bio",
        max_length=160,
        blank=True,
        help_text="What you write about, in one line. Shown under your name on every hub.",
    )
    about = models.TextField(blank=True, max_length=5000, help_text="A longer introduction.")
    location = models.CharField(max_length=100, blank=True, help_text="E.g. “Lisbon, Portugal”.")
    avatar = models.ImageField(
        upload_to=avatar_upload_to,
        blank=True,
        validators=[FileExtensionValidator(AVATAR_EXTENSIONS)],
        help_text="A square picture works best; it is cropped and resized to 256×256.",
    )
    joined = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        if self.avatar and not getattr(self.avatar, "_committed", True):
            self.avatar = square_avatar(self.avatar, self.slug)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("author_profile", kwargs={"slug": self.slug})

    @property
    def initials(self) -> str:
        words = [w for w in self.display_name.split() if w[:1].isalnum()]
        if not words:
            return "?"
        letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
        return letters.upper()

    @property
    def initials_colour(self) -> str:
        digest = hashlib.sha256(self.slug.encode()).digest()
        return INITIALS_COLOURS[digest[0] % len(INITIALS_COLOURS)]


def avatar_check(upload) -> ImageHeader:
    """The uploaded picture's header; ``ImageRefused`` (with a message for the person)
    when it is too large in bytes or pixels to become an avatar, before any decoding."""
    header = image_check(
        upload, formats=AVATAR_FORMATS, readable="a JPEG, PNG, WebP or GIF picture"
    )
    if header.format not in DRAFTABLE and header.pixels > AVATAR_MAX_PIXELS:
        raise ImageRefused(
            too_many_pixels(header.width, header.height, AVATAR_MAX_PIXELS)
            + " (A JPEG photo may be larger.)"
        )
    return header


def square_avatar(upload, slug: str) -> ContentFile:
    """Crop an uploaded picture to a centred square, resize it and store it as JPEG,
    dropping whatever metadata (location, camera) the original carried."""
    avatar_check(upload)
    upload.seek(0)
    with Image.open(upload, formats=list(AVATAR_FORMATS)) as image:
        image.draft("RGB", (AVATAR_SIZE * 2, AVATAR_SIZE * 2))
        if image.mode in ("1", "P"):
            image = image.convert("RGBA")  # resized smoothly, not pixel by pixel
        # Shrunk first (in place, keeping the EXIF orientation), turned and converted after:
        # the full-size picture is held once.
        image.thumbnail(_covering(image.size), Image.Resampling.LANCZOS)
        image = ImageOps.exif_transpose(image).convert("RGB")
    image = ImageOps.fit(image, (AVATAR_SIZE, AVATAR_SIZE), Image.Resampling.LANCZOS)
    out = BytesIO()
    image.save(out, "JPEG", quality=85, optimize=True)
    return ContentFile(out.getvalue(), name=f"{slug}.jpg")


def _covering(size: tuple[int, int]) -> tuple[int, int]:
    """The size with the shorter side twice the avatar's (never larger than it is)."""
    width, height = size
    scale = min(1.0, AVATAR_SIZE * 2 / max(1, min(width, height)))
    return max(1, round(width * scale)), max(1, round(height * scale))
