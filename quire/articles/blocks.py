"""Capsules: the blocks a hub's body is built from. One class and one template each
(templates/articles/capsules/<name>.html). Everything an author types is escaped by the
templates; rich text goes through Wagtail's rich-text pipeline, never raw HTML."""

import hashlib

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images.blocks import ImageChooserBlock

from . import charts, embeds

INLINE_FEATURES = ["bold", "italic", "link", "superscript", "subscript", "strikethrough"]
SECTION_FEATURES = [*INLINE_FEATURES, "ol", "ul", "blockquote", "h3", "h4", "hr", "code"]


def _template(name: str) -> str:
    return f"articles/capsules/{name}.html"


class TextSectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        required=False, max_length=150, help_text="Optional: the section's heading."
    )
    text = blocks.RichTextBlock(features=SECTION_FEATURES)

    class Meta:
        icon = "doc-full"
        label = "Text section"
        template = _template("text_section")


class ImageCapsuleBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        label="Alternative text",
        help_text="Describe the picture for readers who cannot see it. Required.",
    )
    caption = blocks.CharBlock(required=False, max_length=300)
    credit = blocks.CharBlock(required=False, max_length=120, help_text="E.g. “Photo: the author”.")

    class Meta:
        icon = "image"
        label = "Image with caption"
        template = _template("image")

    def clean(self, value):
        value = super().clean(value)
        if not (value.get("alt_text") or "").strip():
            raise StructBlockValidationError(
                block_errors={
                    "alt_text": ValidationError("Describe the image: alt text is required.")
                }
            )
        return value


class ListCapsuleBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        choices=[("bulleted", "Bulleted"), ("numbered", "Numbered")], default="bulleted"
    )
    items = blocks.ListBlock(
        blocks.RichTextBlock(features=INLINE_FEATURES, label="Item"), min_num=1, max_num=200
    )

    class Meta:
        icon = "list-ul"
        label = "List"
        template = _template("list")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=3000)
    attribution = blocks.CharBlock(required=False, max_length=200, help_text="Who said it.")
    source_url = blocks.URLBlock(required=False, label="Source link")

    class Meta:
        icon = "openquote"
        label = "Quotation"
        template = _template("quote")


class FootnoteBlock(blocks.StructBlock):
    text = blocks.CharBlock(
        max_length=500,
        help_text="A note that qualifies the figures above, shown as “* …”.",
    )

    class Meta:
        icon = "help"
        label = "Footnote"
        template = _template("footnote")

    def clean(self, value):
        value = super().clean(value)
        value["text"] = value["text"].lstrip("* ").strip()
        return value


class TableCapsuleBlock(TableBlock):
    def __init__(self, **kwargs):
        # The "text" renderer escapes every cell: authors cannot put HTML in tables.
        kwargs.setdefault("table_options", {"renderer": "text", "startRows": 3, "startCols": 3})
        super().__init__(**kwargs)

    class Meta:
        icon = "table"
        label = "Table"
        template = _template("table")


class CodeBlock(blocks.StructBlock):
    language = blocks.ChoiceBlock(
        required=False,
        choices=[
            ("", "Plain text"),
            ("bash", "Shell"),
            ("css", "CSS"),
            ("html", "HTML"),
            ("javascript", "JavaScript"),
            ("json", "JSON"),
            ("python", "Python"),
            ("sql", "SQL"),
            ("other", "Other"),
        ],
    )
    code = blocks.TextBlock(max_length=20000, form_classname="monospace")
    caption = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "code"
        label = "Code"
        template = _template("code")


class ChartDataBlock(blocks.TextBlock):
    """Label/number pairs, one a line. Validated on save so a bad line is named."""

    def clean(self, value):
        value = super().clean(value)
        try:
            charts.parse_chart_data(value)
        except charts.ChartDataError as error:
            raise ValidationError(str(error)) from error
        return value


class ChartBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=150, help_text="Says what the numbers are.")
    kind = blocks.ChoiceBlock(choices=[(charts.BAR, "Bar chart"), (charts.LINE, "Line chart")])
    data = ChartDataBlock(
        # Emptiness is checked in clean(), with a message that shows the expected format.
        required=False,
        rows=8,
        help_text=(
            "One value a line: a label, a comma, then the number, e.g. “Portugal, 42”. "
            f"At most {charts.MAX_POINTS} lines. Use a tab or quotes for numbers with commas."
        ),
    )
    unit = blocks.CharBlock(
        required=False, max_length=30, help_text="Optional: what the numbers count, e.g. “%”."
    )
    caption = blocks.CharBlock(required=False, max_length=300)
    source = blocks.CharBlock(
        required=False, max_length=200, help_text="Where the figures come from."
    )

    class Meta:
        icon = "table"
        label = "Chart"
        template = _template("chart")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        try:
            points = charts.parse_chart_data(value["data"])
        except charts.ChartDataError as error:
            # Data saved before validation existed (or imported) still renders the page.
            context["chart_error"] = str(error)
            return context
        digest = hashlib.sha1(f"{value['title']}|{value['data']}".encode(), usedforsecurity=False)
        context["chart_id"] = f"chart-{digest.hexdigest()[:10]}"
        context["chart"] = charts.build_chart(
            value["kind"], points, title=value["title"], unit=value.get("unit", "")
        )
        return context


class VideoBlock(blocks.StructBlock):
    """A YouTube or Vimeo video. Readers see a first-party placeholder until they allow
    the service; the iframe uses youtube-nocookie.com or Vimeo's do-not-track mode."""

    url = blocks.URLBlock(
        label="Video address",
        help_text="The address of a YouTube or Vimeo video, e.g. https://youtu.be/…",
    )
    title = blocks.CharBlock(max_length=150, help_text="What the video shows.")
    caption = blocks.CharBlock(required=False, max_length=300)

    class Meta:
        icon = "media"
        label = "Video"
        template = _template("video")

    def clean(self, value):
        value = super().clean(value)
        try:
            embeds.video(value["url"])
        except embeds.EmbedError as error:
            raise StructBlockValidationError({"url": ValidationError(str(error))}) from None
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["embed"] = embeds.video(value["url"])
        return context


class MapBlock(blocks.StructBlock):
    """An OpenStreetMap map around a point, consent-gated like videos."""

    title = blocks.CharBlock(max_length=150, help_text="What the map shows.")
    latitude = blocks.FloatBlock(min_value=-85, max_value=85, help_text="E.g. 38.7223")
    longitude = blocks.FloatBlock(min_value=-180, max_value=180, help_text="E.g. -9.1393")
    zoom = blocks.IntegerBlock(
        min_value=2, max_value=18, default=13, help_text="2 shows a continent, 18 a street."
    )
    caption = blocks.CharBlock(required=False, max_length=300)

    class Meta:
        icon = "site"
        label = "Map"
        template = _template("map")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["embed"] = embeds.osm_map(value["latitude"], value["longitude"], value["zoom"])
        return context


def _web_address(value: str) -> None:
    if not value.lower().startswith(("https://", "http://")):
        raise ValidationError("Enter a web address starting with https://.")


class ProductBlock(blocks.StructBlock):
    """An affiliate product: readers see that the link may earn the author money; the
    link goes through the site, which counts the click (no cookie) and sends them on."""

    name = blocks.CharBlock(max_length=120, label="Product name")
    image = ImageChooserBlock(required=False)
    image_alt = blocks.CharBlock(
        required=False, max_length=250, label="Alternative text", help_text="Describe the picture."
    )
    description = blocks.TextBlock(max_length=600, help_text="A sentence or two on why it helps.")
    link = blocks.URLBlock(
        label="Affiliate link", help_text="The address that credits you, e.g. from Amazon."
    )
    link_text = blocks.CharBlock(max_length=60, default="See the product")

    class Meta:
        icon = "link"
        label = "Product (affiliate link)"
        template = _template("product")

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        try:
            _web_address(value.get("link") or "")
        except ValidationError as error:
            errors["link"] = error
        if value.get("image") and not (value.get("image_alt") or "").strip():
            errors["image_alt"] = ValidationError("Describe the image: alt text is required.")
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class CapsuleStreamBlock(blocks.StreamBlock):
    text = TextSectionBlock()
    image = ImageCapsuleBlock()
    list = ListCapsuleBlock()
    quote = QuoteBlock()
    footnote = FootnoteBlock()
    table = TableCapsuleBlock()
    code = CodeBlock()
    chart = ChartBlock()
    video = VideoBlock()
    map = MapBlock()
    product = ProductBlock()
