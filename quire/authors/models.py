import hashlib
from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageOps

AVATAR_SIZE = 256
AVATAR_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]

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


def square_avatar(upload, slug: str) -> ContentFile:
    """Crop an uploaded picture to a centred square, resize it and store it as JPEG,
    dropping whatever metadata (location, camera) the original carried."""
    upload.seek(0)
    with Image.open(upload) as original:
        image = ImageOps.exif_transpose(original).convert("RGB")
    image = ImageOps.fit(image, (AVATAR_SIZE, AVATAR_SIZE), Image.Resampling.LANCZOS)
    out = BytesIO()
    image.save(out, "JPEG", quality=85, optimize=True)
    return ContentFile(out.getvalue(), name=f"{slug}.jpg")
