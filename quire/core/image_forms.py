"""The editor's picture form (``WAGTAILIMAGES_IMAGE_FORM_BASE``): Wagtail's, with its file
field bounded by ``image_check`` first.

Wagtail's own field opens a file whose first bytes look like a picture without catching
Pillow's refusal to read the rest, so a damaged or truncated picture was a server error
instead of a message. ``image_check`` reads the header once, refuses what is too large or
unreadable with a plain message, and only then does Wagtail's field run its own checks.
"""

from django.core.exceptions import ValidationError
from django.forms import FileField
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .images import ImageRefused, image_check


class BoundedWagtailImageField(WagtailImageField):
    def to_python(self, data):
        upload = FileField.to_python(self, data)
        if upload is not None:
            try:
                image_check(upload)
            except ImageRefused as error:
                raise ValidationError(str(error), code="invalid_image") from None
        return super().to_python(data)


class ImageForm(BaseImageForm):
    file = BoundedWagtailImageField(label="File")
