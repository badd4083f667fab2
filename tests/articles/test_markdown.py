import json

import pytest
from wagtail.rich_text import RichText

from quire.articles.markdown import front_matter, hub_markdown
from tests.factories import make_hub, make_image

pytestmark = pytest.mark.django_db


def image_path(image) -> str:
    return f"images/{image.pk}.png"


def test_every_capsule_becomes_markdown(channel, author):
    picture = make_image("Loaf")
    body = [
        (
            "text",
            {
                "heading": "Start",
                "text": RichText(
                    '<p>Knead <b>well</b>, see <a href="https://example.org/x">this</a>.</p>'
                ),
            },
        ),
        (
            "image",
            {"image": picture, "alt_text": "A loaf", "caption": "Crust", "credit": "Photo: me"},
        ),
        (
            "list",
            {"style": "numbered", "items": [RichText("<p>Flour</p>"), RichText("<p>Water</p>")]},
        ),
        (
            "quote",
            {"quote": "Bread is time.\nAnd patience.", "attribution": "A baker", "source_url": ""},
        ),
        ("footnote", {"text": "Weights are approximate."}),
        (
            "table",
            {
                "data": [["Item", "Grams"], ["Flour | sifted", "500"]],
                "first_row_is_table_header": True,
            },
        ),
        ("code", {"language": "python", "code": "print('```')", "caption": ""}),
        (
            "chart",
            {
                "title": "Rise",
                "kind": "bar",
                "data": "Hour 1, 10\nHour 2, 25",
                "unit": "%",
                "caption": "",
                "source": "My kitchen",
            },
        ),
        ("video", {"url": "https://youtu.be/abcdefghijk", "title": "Shaping", "caption": ""}),
        (
            "map",
            {"title": "Bakery", "latitude": 38.72, "longitude": -9.14, "zoom": 15, "caption": ""},
        ),
    ]
    hub = make_hub(channel, author, title='Bread "by hand"', body=body)
    text = hub_markdown(hub, image_path, status="Published")
    head, _, rest = text.partition("\n---\n\n")
    assert 'title: "Bread \\"by hand\\""' in head and 'status: "Published"' in head
    assert 'channel: "Food"' in head
    assert "## Start\n\nKnead **well**, see [this](https://example.org/x)." in rest
    assert f"![A loaf](images/{picture.pk}.png)\n\n*Crust Photo: me*" in rest
    assert "1. Flour\n2. Water" in rest
    assert "> Bread is time.\n> And patience.\n>\n> — A baker" in rest
    assert "\\* Weights are approximate." in rest
    assert "| Item | Grams |\n| --- | --- |\n| Flour \\| sifted | 500 |" in rest
    assert "````python\nprint('```')\n````" in rest
    assert "**Rise**" in rest and "| Hour 2 | 25 |" in rest and "*Source: My kitchen*" in rest
    assert "[Video: Shaping](https://youtu.be/abcdefghijk)" in rest
    assert (
        "[Map: Bakery](https://www.openstreetmap.org/?mlat=38.72&mlon=-9.14#map=15/38.72/-9.14)"
        in rest
    )


def test_front_matter_values_are_json_so_yaml_reads_them_back():
    text = front_matter({"title": 'A: "quoted"\nline', "empty": "", "n": 3})
    lines = text.splitlines()
    assert lines[0] == "---" and lines[-1] == "---" and len(lines) == 4
    assert json.loads(lines[1].split(": ", 1)[1]) == 'A: "quoted"\nline'
