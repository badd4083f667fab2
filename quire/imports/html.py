"""Someone else's article HTML → Quire capsules.

The HTML is first cleaned with nh3 (only text, structure and links survive: no scripts,
styles, event handlers or ``javascript:`` addresses), then read top to bottom: headings
start text sections, paragraphs fill them, and pictures, lists, quotations, code and
tables become capsules of their own. Pictures are looked up through ``find_image``
(the importer knows where the files are); one it cannot find is reported, not invented,
and one it refuses (``ImageRefused``: too large, not a picture) is reported with why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import nh3
from bs4 import BeautifulSoup, NavigableString, Tag

from quire.core.images import ImageRefused

ALLOWED_TAGS = {
    "p", "br", "b", "strong", "i", "em", "a", "code", "pre", "sup", "sub", "s", "del",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "cite", "figure",
    "figcaption", "img", "table", "thead", "tbody", "tr", "th", "td", "hr", "div", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt", "title"}}
INLINE = {"b", "strong", "i", "em", "a", "code", "sup", "sub", "s", "del", "br", "span"}
RENAME = {"strong": "b", "em": "i", "del": "s"}


@dataclass
class Converted:
    capsules: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def clean(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
        strip_comments=True,
    )


def _inline_html(node: Tag) -> str:
    """The node's content as Wagtail rich text allows inline: b, i, a, code, sup, sub, s."""
    out = []
    for child in node.children:
        if isinstance(child, NavigableString):
            out.append(_escape(str(child)))
        elif isinstance(child, Tag):
            name = RENAME.get(child.name, child.name)
            inner = _inline_html(child)
            if name == "br":
                out.append("<br/>")
            elif name == "a" and child.get("href"):
                out.append(f'<a href="{_escape(child["href"], quote=True)}">{inner}</a>')
            elif name in {"b", "i", "code", "sup", "sub", "s"}:
                out.append(f"<{name}>{inner}</{name}>")
            else:
                out.append(inner)
    return "".join(out)


def _escape(text: str, quote: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quote else text


def _text(node: Tag) -> str:
    return " ".join(node.get_text(" ").split())


def html_to_capsules(html: str, find_image: Callable[[str, str], object | None]) -> Converted:
    result = Converted()
    soup = BeautifulSoup(clean(html), "html.parser")
    section: dict | None = None

    def flush() -> None:
        nonlocal section
        if section and (section["text"] or section["heading"]):
            result.capsules.append(
                {
                    "type": "text",
                    "value": {"heading": section["heading"], "text": section["text"] or "<p></p>"},
                }
            )
        section = None

    def add_text(fragment: str) -> None:
        nonlocal section
        if section is None:
            section = {"heading": "", "text": ""}
        section["text"] += fragment

    def image(img: Tag, caption: str = "") -> None:
        src, alt = img.get("src", ""), (img.get("alt") or "").strip()
        try:
            found = find_image(src, alt)
        except ImageRefused as refusal:
            result.problems.append(f"Picture not imported: {src}. {refusal}")
            return
        if found is None:
            result.problems.append(f"Picture not found: {src or '(no address)'}")
            return
        flush()
        result.capsules.append(
            {
                "type": "image",
                "value": {
                    "image": found.pk,
                    "alt_text": alt or caption or "A picture from the original article",
                    "caption": caption[:300],
                    "credit": "",
                },
            }
        )

    def walk(nodes) -> None:
        nonlocal section
        for node in list(nodes):
            if isinstance(node, NavigableString):
                if str(node).strip():
                    add_text(f"<p>{_escape(str(node).strip())}</p>")
                continue
            if not isinstance(node, Tag):
                continue
            name = node.name
            if name in {"h1", "h2", "h3", "h4", "h5", "h6"}:
                flush()
                section = {"heading": _text(node)[:150], "text": ""}
            elif name == "figure":
                img = node.find("img")
                caption = node.find("figcaption")
                if img is not None:
                    image(img, _text(caption) if caption else "")
                elif node.find("table") is not None:
                    walk([node.find("table")])
            elif name == "img":
                image(node)
            elif name == "p":
                only_img = [
                    c
                    for c in node.children
                    if not (isinstance(c, NavigableString) and not c.strip())
                ]
                if (
                    len(only_img) == 1
                    and isinstance(only_img[0], Tag)
                    and only_img[0].name == "img"
                ):
                    image(only_img[0])
                elif _text(node):
                    add_text(f"<p>{_inline_html(node)}</p>")
            elif name in {"ul", "ol"}:
                items = [
                    f"<p>{_inline_html(li)}</p>"
                    for li in node.find_all("li", recursive=False)
                    if _text(li)
                ]
                if items:
                    flush()
                    result.capsules.append(
                        {
                            "type": "list",
                            "value": {
                                "style": "numbered" if name == "ol" else "bulleted",
                                "items": items[:200],
                            },
                        }
                    )
            elif name == "blockquote":
                cite = node.find("cite")
                who = _text(cite) if cite else ""
                if cite:
                    cite.extract()
                quote = "\n".join(_text(p) for p in node.find_all("p")) or _text(node)
                if quote:
                    flush()
                    result.capsules.append(
                        {
                            "type": "quote",
                            "value": {
                                "quote": quote[:3000],
                                "attribution": who[:200],
                                "source_url": "",
                            },
                        }
                    )
            elif name == "pre":
                flush()
                result.capsules.append(
                    {
                        "type": "code",
                        "value": {"language": "", "code": node.get_text()[:20000], "caption": ""},
                    }
                )
            elif name == "table":
                rows = [
                    [_text(cell) for cell in row.find_all(["th", "td"])]
                    for row in node.find_all("tr")
                ]
                rows = [r for r in rows if any(r)]
                if rows:
                    flush()
                    width = max(len(r) for r in rows)
                    data = [r + [""] * (width - len(r)) for r in rows]
                    result.capsules.append(
                        {
                            "type": "table",
                            "value": {
                                "data": data,
                                "first_row_is_table_header": bool(node.find("th")),
                                "first_col_is_header": False,
                                "table_caption": "",
                            },
                        }
                    )
            elif name == "hr":
                add_text("<hr/>")
            elif name in INLINE:
                if _text(node):
                    add_text(f"<p>{_inline_html(node)}</p>")
            else:  # div, span, section wrappers: their content, in order
                walk(node.children)

    walk(soup.children)
    flush()
    return result
