"""Factories for tests: real objects, created the way the site creates them."""

from io import BytesIO

import factory
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model

from quire.articles.models import ArticlePage


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"writer{n}")
    first_name = "Ada"
    last_name = factory.Sequence(lambda n: f"Writer{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


def png_bytes(width: int = 40, height: int = 30, colour=(200, 80, 40)) -> bytes:
    out = BytesIO()
    PILImage.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def make_image(title: str = "A picture", width: int = 400, height: int = 300):
    image = get_image_model()(title=title)
    image.file = ImageFile(BytesIO(png_bytes(width, height)), name="picture.png")
    image.save()
    return image


def text_block(text: str = "Some words.", heading: str = "") -> dict:
    return {"type": "text", "value": {"heading": heading, "text": f"<p>{text}</p>"}}


def make_hub(
    channel,
    owner,
    *,
    title: str = "A hub",
    body=None,
    publish: bool = True,
    featured: bool = False,
    **fields,
):
    """Create a hub under ``channel`` as Wagtail's editor does: add, save a revision, publish
    (and, with ``featured``, feature it as an editor does)."""
    hub = ArticlePage(
        title=title,
        summary=fields.pop("summary", "What this hub is about."),
        body=body if body is not None else [text_block()],
        owner=owner,
        live=False,
        **fields,
    )
    channel.add_child(instance=hub)
    revision = hub.save_revision(user=owner)
    if publish:
        revision.publish()
    if publish and featured:
        ArticlePage.objects.filter(pk=hub.pk).update(featured=True, featured_at=timezone.now())
    hub.refresh_from_db()
    return hub
