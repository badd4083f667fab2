"""A hub as Markdown with front matter: what authors take with them (download my data,
and the export of their hubs).

Rich text goes through Wagtail's ``expand_db_html`` (so internal links become real
addresses) and then ``markdownify``; every other capsule is written here, since its
Markdown form is Quire's own choice. Images are referred to by a path the caller gives
(the files travel beside the Markdown).
"""

import json
import re
from collections.abc import Callable
from urllib.parse import urlencode

from markdownify import markdownify
from wagtail.rich_text import expand_db_html

from . import charts

ImagePath = Callable[[object], str]


def rich_text_markdown(source: str) -> str:
    html = expand_db_html(source)
    return markdownify(html, heading_style="ATX", bullets="-", escape_underscores=False).strip()


def _inline(source: str) -> str:
    return " ".join(rich_text_markdown(source).split())


def _quote_lines(text: str) -> str:
    return "\n".join(f"> {line}".rstrip() for line in text.strip().splitlines())


def _fence(code: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    return "`" * max(3, longest + 1)


def _cell(text) -> str:
    return " ".join(str(text or "").split()).replace("|", "\\|")


def _table(rows: list[list]) -> str:
    rows = [row for row in rows if any(str(c or "").strip() for c in row)]
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    rows = [[_cell(c) for c in row] + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def _italic(text: str) -> str:
    text = " ".join(text.split())
    return f"*{text}*" if text else ""


def chart_points(value) -> list:
    """A chart capsule's values, or none if its data cannot be read (exports never fail)."""
    try:
        return charts.parse_chart_data(value["data"])
    except charts.ChartDataError:
        return []


def chart_note(value) -> str:
    """A chart's caption and source, as one line."""
    source = f"Source: {value['source']}" if value.get("source") else ""
    return " ".join(p for p in (value.get("caption"), source) if p)


def map_link(value) -> str:
    """The map capsule's place on openstreetmap.org."""
    lat, lon, zoom = value["latitude"], value["longitude"], value["zoom"]
    query = urlencode({"mlat": lat, "mlon": lon})
    return f"https://www.openstreetmap.org/?{query}#map={zoom}/{lat}/{lon}"


def capsule_markdown(block, image_path: ImagePath) -> str:
    kind, value = block.block_type, block.value
    if kind == "text":
        heading = f"## {' '.join(value['heading'].split())}\n\n" if value.get("heading") else ""
        return heading + rich_text_markdown(value["text"].source)
    if kind == "image":
        image = value["image"]
        parts = []
        if image is not None:
            parts.append(f"![{_cell(value.get('alt_text'))}]({image_path(image)})")
        note = " ".join(p for p in (value.get("caption"), value.get("credit")) if p)
        if note:
            parts.append(_italic(note))
        return "\n\n".join(parts)
    if kind == "list":
        numbered = value["style"] == "numbered"
        return "\n".join(
            f"{n}. {_inline(item.source)}" if numbered else f"- {_inline(item.source)}"
            for n, item in enumerate(value["items"], start=1)
        )
    if kind == "quote":
        text = _quote_lines(value["quote"])
        who = value.get("attribution") or ""
        if value.get("source_url"):
            who = f"[{who or value['source_url']}]({value['source_url']})"
        return f"{text}\n>\n> — {who}" if who else text
    if kind == "footnote":
        return f"\\* {value['text']}"
    if kind == "table":
        return _table((value or {}).get("data") or [])
    if kind == "code":
        fence = _fence(value["code"])
        code = f"{fence}{value.get('language') or ''}\n{value['code'].rstrip()}\n{fence}"
        return code + (f"\n\n{_italic(value['caption'])}" if value.get("caption") else "")
    if kind == "chart":
        unit = value.get("unit") or ""
        rows = [["", unit or "Value"], *[[p.label, p.display] for p in chart_points(value)]]
        parts = [f"**{_cell(value['title'])}**", _table(rows)]
        return "\n\n".join(p for p in (*parts, _italic(chart_note(value))) if p)
    if kind == "video":
        text = f"[Video: {_cell(value['title'])}]({value['url']})"
        return text + (f"\n\n{_italic(value['caption'])}" if value.get("caption") else "")
    if kind == "map":
        text = f"[Map: {_cell(value['title'])}]({map_link(value)})"
        return text + (f"\n\n{_italic(value['caption'])}" if value.get("caption") else "")
    if kind == "product":
        parts = [f"**{_cell(value['name'])}**"]
        if value.get("image") is not None:
            parts.append(f"![{_cell(value.get('image_alt'))}]({image_path(value['image'])})")
        parts += [value["description"].strip(), f"[{_cell(value['link_text'])}]({value['link']})"]
        return "\n\n".join(p for p in parts if p)
    return ""


def front_matter(fields: dict) -> str:
    """YAML front matter; every value is written as JSON, which YAML reads as is."""
    lines = ["---"]
    for key, value in fields.items():
        if value is None or value == "":
            continue
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines)


def hub_markdown(hub, image_path: ImagePath, *, status: str = "") -> str:
    """The hub (as given: the live page or a draft revision's content) as one Markdown
    document with its metadata in front matter."""
    channel = hub.get_parent() if hub.pk else None
    fields = {
        "title": hub.title,
        "slug": hub.slug,
        "channel": channel.title if channel else "",
        "status": status,
        "summary": hub.summary,
        "first_published": hub.first_published_at,
        "last_published": hub.last_published_at,
        "featured": hub.featured or None,
        "lead_image": image_path(hub.lead_image) if hub.lead_image else "",
        "lead_image_alt": hub.lead_image_alt,
    }
    capsules = [capsule_markdown(block, image_path) for block in hub.body]
    body = "\n\n".join(c for c in capsules if c)
    return f"{front_matter(fields)}\n\n# {hub.title}\n\n{body}\n"
