"""Hubs as a WordPress eXtended RSS (WXR 1.2) file, the format WordPress's importer reads:
an author can take their hubs, pictures and comments to a WordPress site.

Each hub becomes a post (published or draft) in a category named after its channel, its
capsules written as plain HTML WordPress shows as is (charts as their table of numbers,
videos as a bare link WordPress embeds itself), its pictures as attachments WordPress
downloads, and its published comments as comments.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from email.utils import format_datetime

from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.rich_text import expand_db_html

from .markdown import chart_note, chart_points, map_link

NS = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}
for prefix, uri in NS.items():
    ET.register_namespace(prefix, uri)


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


def _absolute(html: str, base: str) -> str:
    return html.replace('src="/', f'src="{base}/').replace('href="/', f'href="{base}/')


def capsule_html(block, image_url) -> str:
    kind, value = block.block_type, block.value
    if kind == "text":
        heading = f"<h2>{escape(value['heading'])}</h2>\n" if value.get("heading") else ""
        return heading + expand_db_html(value["text"].source)
    if kind == "image":
        image = value["image"]
        if image is None:
            return ""
        note = " ".join(p for p in (value.get("caption"), value.get("credit")) if p)
        caption = f"<figcaption>{escape(note)}</figcaption>" if note else ""
        return (
            f'<figure><img src="{escape(image_url(image))}" alt="{escape(value["alt_text"])}">'
            f"{caption}</figure>"
        )
    if kind == "list":
        tag = "ol" if value["style"] == "numbered" else "ul"
        items = "".join(f"<li>{expand_db_html(item.source)}</li>" for item in value["items"])
        return f"<{tag}>{items}</{tag}>"
    if kind == "quote":
        cite = ""
        if value.get("attribution"):
            who = escape(value["attribution"])
            if value.get("source_url"):
                who = f'<a href="{escape(value["source_url"])}">{who}</a>'
            cite = f"<cite>{who}</cite>"
        return f"<blockquote><p>{escape(value['quote'])}</p>{cite}</blockquote>"
    if kind == "footnote":
        return f"<p><small>* {escape(value['text'])}</small></p>"
    if kind == "table":
        rows = (value or {}).get("data") or []
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(str(c or ''))}</td>" for c in row) + "</tr>"
            for row in rows
        )
        return f"<table><tbody>{body}</tbody></table>"
    if kind == "code":
        caption = f"<p><em>{escape(value['caption'])}</em></p>" if value.get("caption") else ""
        return f"<pre><code>{escape(value['code'])}</code></pre>{caption}"
    if kind == "chart":
        rows = "".join(
            f"<tr><th>{escape(p.label)}</th><td>{escape(p.display)}</td></tr>"
            for p in chart_points(value)
        )
        note = chart_note(value)
        caption = f"<p><em>{escape(note)}</em></p>" if note else ""
        return f"<h3>{escape(value['title'])}</h3><table><tbody>{rows}</tbody></table>{caption}"
    if kind == "video":
        # A bare address on its own line: WordPress turns it into its own embed.
        caption = f"<p>{escape(value['caption'])}</p>" if value.get("caption") else ""
        return f"\n{escape(value['url'])}\n{caption}"
    if kind == "map":
        return f'<p><a href="{escape(map_link(value))}">Map: {escape(value["title"])}</a></p>'
    if kind == "product":
        picture = ""
        if value.get("image") is not None:
            src, alt = image_url(value["image"]), value.get("image_alt") or ""
            picture = f'<img src="{escape(src)}" alt="{escape(alt)}">'
        return (
            f"<div>{picture}<p><strong>{escape(value['name'])}</strong></p>"
            f"<p>{escape(value['description'])}</p>"
            f'<p><a href="{escape(value["link"])}" rel="sponsored nofollow">'
            f"{escape(value['link_text'])}</a></p></div>"
        )
    return ""


def _text(parent, tag: str, text) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = "" if text is None else str(text)
    return element


def _wp_date(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def hubs_wxr(
    entries: Iterable[tuple], *, base_url: str, site_name: str, author, comments_of
) -> bytes:
    """``entries``: (hub as stored, its latest content, status "publish" or "draft").
    ``author`` is the account whose hubs these are; ``comments_of(hub)`` gives a hub's
    published comments, oldest first (the comments app's, handed in: the hub tree is below
    it)."""
    profile = author.author_profile
    login = slugify(profile.display_name) or f"author-{author.pk}"
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    _text(channel, "title", site_name)
    _text(channel, "link", base_url)
    _text(channel, "description", f"Hubs by {profile.display_name}")
    _text(channel, "language", "en")
    _text(channel, _q("wp", "wxr_version"), "1.2")
    _text(channel, _q("wp", "base_site_url"), base_url)
    _text(channel, _q("wp", "base_blog_url"), base_url)
    wp_author = ET.SubElement(channel, _q("wp", "author"))
    _text(wp_author, _q("wp", "author_id"), author.pk)
    _text(wp_author, _q("wp", "author_login"), login)
    _text(wp_author, _q("wp", "author_email"), author.email)
    _text(wp_author, _q("wp", "author_display_name"), profile.display_name)

    entries = list(entries)
    categories = {}
    for hub, _latest, _status in entries:
        parent = hub.get_parent()
        if parent is not None and parent.depth > 2:
            categories[parent.slug] = parent.title
    for n, (slug, title) in enumerate(sorted(categories.items()), start=1):
        category = ET.SubElement(channel, _q("wp", "category"))
        _text(category, _q("wp", "term_id"), n)
        _text(category, _q("wp", "category_nicename"), slug)
        _text(category, _q("wp", "category_parent"), "")
        _text(category, _q("wp", "cat_name"), title)

    attachments = {}

    def image_url(image) -> str:
        url = base_url + image.file.url if image.file.url.startswith("/") else image.file.url
        attachments.setdefault(image.pk, (image, url))
        return url

    for hub, latest, status in entries:
        body = "\n\n".join(filter(None, (capsule_html(b, image_url) for b in latest.body)))
        if latest.lead_image:
            image_url(latest.lead_image)
        item = ET.SubElement(channel, "item")
        _text(item, "title", latest.title)
        link = base_url + hub.url if hub.live and hub.url else ""
        _text(item, "link", link)
        _text(
            item,
            "pubDate",
            format_datetime(hub.first_published_at) if hub.first_published_at else "",
        )
        _text(item, _q("dc", "creator"), login)
        _text(item, "guid", link or f"{base_url}/?hub={hub.pk}").set("isPermaLink", "false")
        _text(item, "description", "")
        _text(item, _q("content", "encoded"), _absolute(body, base_url))
        _text(item, _q("excerpt", "encoded"), latest.summary)
        _text(item, _q("wp", "post_id"), hub.pk)
        _text(
            item,
            _q("wp", "post_date"),
            _wp_date(hub.first_published_at or hub.latest_revision_created_at),
        )
        _text(
            item,
            _q("wp", "post_date_gmt"),
            hub.first_published_at.strftime("%Y-%m-%d %H:%M:%S") if hub.first_published_at else "",
        )
        _text(
            item,
            _q("wp", "post_modified"),
            _wp_date(hub.last_published_at or hub.latest_revision_created_at),
        )
        _text(item, _q("wp", "comment_status"), "open" if hub.comments_open else "closed")
        _text(item, _q("wp", "ping_status"), "closed")
        _text(item, _q("wp", "post_name"), hub.slug)
        _text(item, _q("wp", "status"), status)
        _text(item, _q("wp", "post_parent"), 0)
        _text(item, _q("wp", "menu_order"), 0)
        _text(item, _q("wp", "post_type"), "post")
        _text(item, _q("wp", "post_password"), "")
        _text(item, _q("wp", "is_sticky"), 0)
        parent = hub.get_parent()
        if parent is not None and parent.slug in categories:
            _text(item, "category", parent.title).attrib.update(
                {"domain": "category", "nicename": parent.slug}
            )
        if latest.lead_image:
            meta = ET.SubElement(item, _q("wp", "postmeta"))
            _text(meta, _q("wp", "meta_key"), "_thumbnail_id")
            _text(meta, _q("wp", "meta_value"), 1_000_000_000 + latest.lead_image.pk)
        for comment in comments_of(hub):
            element = ET.SubElement(item, _q("wp", "comment"))
            _text(element, _q("wp", "comment_id"), comment.pk)
            _text(element, _q("wp", "comment_author"), comment.writer_name)
            _text(element, _q("wp", "comment_author_email"), "")
            _text(element, _q("wp", "comment_date"), _wp_date(comment.created_at))
            _text(
                element,
                _q("wp", "comment_date_gmt"),
                comment.created_at.strftime("%Y-%m-%d %H:%M:%S"),
            )
            _text(element, _q("wp", "comment_content"), comment.text)
            _text(element, _q("wp", "comment_approved"), 1)
            _text(element, _q("wp", "comment_parent"), comment.parent_id or 0)

    for image, url in attachments.values():
        item = ET.SubElement(channel, "item")
        _text(item, "title", image.title)
        _text(item, "link", url)
        _text(item, _q("dc", "creator"), login)
        _text(item, "guid", url).set("isPermaLink", "false")
        _text(item, _q("content", "encoded"), "")
        _text(item, _q("wp", "post_id"), 1_000_000_000 + image.pk)
        _text(item, _q("wp", "post_date"), _wp_date(image.created_at))
        _text(item, _q("wp", "post_name"), slugify(image.title) or f"image-{image.pk}")
        _text(item, _q("wp", "status"), "inherit")
        _text(item, _q("wp", "post_type"), "attachment")
        _text(item, _q("wp", "attachment_url"), url)

    ET.indent(rss)
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True)
