"""Importing an author's articles from elsewhere. Each source is read into ``Item``s; every
item becomes a draft hub of the importing author in its own transaction (a failure
leaves nothing half-made), once (``ImportedItem`` remembers its source id), keeping the
original publication date; the report says what was imported, skipped or failed, and why.

Pictures are taken from this site's own media (an export from here), from the files saved
beside a page in the upload, or, only when the operator allows it, downloaded (fetch.py);
the others are reported missing.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from defusedxml import ElementTree as SafeET
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from .html import html_to_capsules
from .models import ImportedItem

MAX_FILE = 200 * 1024 * 1024
WP = "{http://wordpress.org/export/1.2/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
EXCERPT = "{http://wordpress.org/export/1.2/excerpt/}encoded"


class ImportFileError(Exception):
    """A file that cannot be imported at all; the message says why."""


@dataclass
class Comment:
    name: str
    text: str
    created: datetime | None


@dataclass
class Item:
    source_id: str
    title: str
    html: str
    summary: str = ""
    published: datetime | None = None
    categories: list[str] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    lead_image: str = ""  # the picture's address, looked up like those in the text
    lead_image_alt: str = ""
    # Saved pages: a picture's address → (file name, bytes) of the file saved beside it.
    local_file: Callable[[str], tuple[str, bytes] | None] | None = None


def _date(text: str | None) -> datetime | None:
    if not text or not text.strip() or text.startswith("0000"):
        return None
    try:
        value = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        try:
            value = datetime.fromisoformat(text.strip())
        except ValueError:
            return None
    return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)


def read_wxr(data: bytes) -> Iterator[Item]:
    """Posts and pages of a WordPress export (defusedxml: no entity expansion bombs)."""
    try:
        root = SafeET.fromstring(data)
    except Exception as error:  # defusedxml raises several kinds
        raise ImportFileError(f"Not a readable WordPress export: {error}") from None
    channel = root.find("channel")
    if channel is None or channel.find(f"{WP}wxr_version") is None:
        raise ImportFileError("Not a WordPress export (no wxr_version).")
    attachments = {
        element.findtext(f"{WP}post_id"): (
            element.findtext(f"{WP}attachment_url") or "",
            (element.findtext("title") or "").strip(),
        )
        for element in channel.findall("item")
        if element.findtext(f"{WP}post_type") == "attachment"
    }
    for element in channel.findall("item"):
        kind = element.findtext(f"{WP}post_type") or ""
        if kind not in ("post", "page"):
            continue
        comments = [
            Comment(
                name=(c.findtext(f"{WP}comment_author") or "").strip() or "A reader",
                text=(c.findtext(f"{WP}comment_content") or "").strip(),
                created=_date(
                    c.findtext(f"{WP}comment_date_gmt") or c.findtext(f"{WP}comment_date")
                ),
            )
            for c in element.findall(f"{WP}comment")
            if (c.findtext(f"{WP}comment_approved") or "") == "1"
        ]
        yield Item(
            source_id=element.findtext(f"{WP}post_id") or element.findtext("guid") or "",
            title=(element.findtext("title") or "").strip(),
            html=element.findtext(CONTENT) or "",
            summary=(element.findtext(EXCERPT) or "").strip(),
            published=_date(element.findtext("pubDate"))
            or _date(element.findtext(f"{WP}post_date_gmt")),
            categories=[
                c.text.strip()
                for c in element.findall("category")
                if c.get("domain") == "category" and c.text
            ],
            comments=[c for c in comments if c.text],
            lead_image=attachments.get(_thumbnail(element), ("", ""))[0],
            lead_image_alt=attachments.get(_thumbnail(element), ("", ""))[1],
        )


def _thumbnail(element) -> str | None:
    for meta in element.findall(f"{WP}postmeta"):
        if meta.findtext(f"{WP}meta_key") == "_thumbnail_id":
            return (meta.findtext(f"{WP}meta_value") or "").strip()
    return None


def read_ghost(data: bytes) -> Iterator[Item]:
    """Posts and pages of a Ghost export (Settings → Labs → Export), with their HTML."""
    try:
        document = json.loads(data)
        content = document["db"][0]["data"] if "db" in document else document["data"]
        posts = content.get("posts", [])
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        raise ImportFileError("Not a Ghost export (no db → data → posts).") from None
    tags = {t.get("id"): t.get("name", "") for t in content.get("tags", []) or []}
    post_tags: dict = {}
    for link in sorted(content.get("posts_tags", []) or [], key=lambda x: x.get("sort_order", 0)):
        post_tags.setdefault(link.get("post_id"), []).append(tags.get(link.get("tag_id"), ""))
    for post in posts:
        if not isinstance(post, dict) or post.get("type", "post") not in ("post", "page"):
            continue
        html_text = post.get("html") or ""
        if not html_text and post.get("plaintext"):
            html_text = "".join(
                f"<p>{html.escape(part)}</p>" for part in post["plaintext"].split("\n\n") if part
            )
        yield Item(
            source_id=str(post.get("id") or post.get("uuid") or ""),
            title=(post.get("title") or "").strip(),
            html=html_text,
            summary=(post.get("custom_excerpt") or "").strip(),
            published=_date(post.get("published_at") or post.get("created_at")),
            categories=[name for name in post_tags.get(post.get("id"), []) if name],
            lead_image=post.get("feature_image") or "",
            lead_image_alt=(post.get("feature_image_alt") or "").strip(),
        )


def detect_kind(head: bytes) -> str | None:
    """Which kind of file it is, from its first bytes: WordPress XML, Ghost JSON, a zip
    (saved pages or a Medium export) or one saved web page."""
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    lowered = head[:200].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered:
        return "page"
    if head.startswith((b"<?xml", b"<rss")):
        return "wxr"
    if head.startswith(b"{"):
        return "ghost"
    return None


KINDS_HELP = (
    "a WordPress (XML) or Ghost (JSON) export, a Medium export (zip), a saved web page "
    "(.html) or a zip of saved pages"
)


def read_export(kind: str, data: bytes) -> tuple[str, Iterator[Item]]:
    """The source's name (what ``ImportedItem`` remembers) and its items."""
    from .pages import detect_archive_kind, read_medium, read_saved_pages

    if kind == "zip":
        kind = detect_archive_kind(data)
        if kind is None:
            raise ImportFileError(
                "This zip file holds neither a Medium export nor saved web pages, "
                "or it cannot be opened safely."
            )
    readers = {
        "wxr": read_wxr,
        "ghost": read_ghost,
        "medium": read_medium,
        "pages": read_saved_pages,
        "page": read_saved_pages,
    }
    return ("pages" if kind == "page" else kind), readers[kind](data)


def local_image_finder(user) -> Callable[[str, str], object | None]:
    """Pictures an export from this site points to: found in this site's own media (and
    the importing author gets them as their own uploads)."""
    from wagtail.images import get_image_model

    Image = get_image_model()
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)

    def find(src: str, alt: str):
        parts = urlsplit(src)
        if parts.netloc and parts.netloc != base.netloc:
            return None
        path = parts.path
        if not path.startswith(settings.MEDIA_URL):
            return None
        name = path[len(settings.MEDIA_URL) :]
        image = Image.objects.filter(file=name).first()
        if image is None:
            # A rendition's address: original_images/x.jpg became images/x.width-800.webp
            stem = PurePosixPath(name).name.split(".")[0]
            image = Image.objects.filter(file__contains=f"/{stem}.").first() if stem else None
        return image

    return find


def _channel_for(categories: list[str], fallback, known: dict):
    """The live channel named like one of the categories (``known`` remembers each name's
    answer for the rest of the import)."""
    from quire.articles.models import ChannelPage

    for name in categories:
        if name not in known:
            known[name] = (
                ChannelPage.objects.live().filter(title__iexact=name).first()
                or ChannelPage.objects.live().filter(slug=slugify(name)).first()
            )
        if known[name] is not None:
            return known[name]
    return fallback


def _unique_slug(parent, title: str) -> str:
    base = slugify(title)[:70] or "imported-hub"
    slug, n = base, 2
    while parent.get_children().filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def import_items(
    user,
    source: str,
    items: Iterator[Item],
    *,
    fallback_channel,
    find_image: Callable[[str, str], object | None],
    progress: Callable[[int, dict], None] | None = None,
) -> list[dict]:
    """Each item a draft hub of ``user``; returns the report (one line per item)."""
    from wagtail.signal_handlers import disable_reference_index_auto_update
    from wagtail.tasks import update_reference_index_task

    from quire.articles.models import ArticlePage
    from quire.comments.models import Comment as ReaderComment

    report = []
    saved_pictures: dict[tuple[str, int], object] = {}
    channels: dict[str, object] = {}
    site_finder = find_image
    for n, item in enumerate(items, start=1):
        find_image = _picture_finder(item, site_finder, user, saved_pictures)
        line = {"title": item.title or "(untitled)", "source_id": item.source_id}
        if not item.source_id:
            line.update(status="failed", reason="The item has no id to recognise it by.")
        elif ImportedItem.objects.filter(
            user=user, source=source, source_id=item.source_id
        ).exists():
            line.update(status="skipped", reason="Imported before.")
        elif not item.title:
            line.update(status="failed", reason="The item has no title.")
        else:
            converted = html_to_capsules(item.html, find_image)
            if not converted.capsules:
                line.update(status="failed", reason="Nothing readable in the item.")
            else:
                channel = _channel_for(item.categories, fallback_channel, channels)
                try:
                    # One reference-index update per hub, after its last save, not one per
                    # save (Wagtail's auto-update queues a task for each).
                    with transaction.atomic(), disable_reference_index_auto_update():
                        lead = (
                            find_image(item.lead_image, item.lead_image_alt)
                            if item.lead_image
                            else None
                        )
                        if item.lead_image and lead is None:
                            converted.problems.append(f"Picture not found: {item.lead_image}")
                        hub = ArticlePage(
                            lead_image=lead,
                            lead_image_alt=(item.lead_image_alt or item.title)[:250]
                            if lead
                            else "",
                            title=item.title[:255],
                            slug=_unique_slug(channel, item.title),
                            summary=(item.summary or _summary(converted.capsules))[:400],
                            body=converted.capsules,
                            owner=user,
                            live=False,
                            first_published_at=item.published,
                        )
                        channel.add_child(instance=hub)  # validated here (full_clean)
                        hub.save_revision(user=user, clean=False)
                        for comment in item.comments:
                            ReaderComment.objects.create(
                                hub=hub,
                                guest_name=comment.name[:80],
                                text=comment.text[:8192],
                                status=ReaderComment.Status.PUBLISHED,
                                created_at=comment.created or timezone.now(),
                            )
                        ImportedItem.objects.create(
                            user=user, source=source, source_id=item.source_id, hub=hub
                        )
                        update_reference_index_task.enqueue(
                            hub._meta.app_label, hub._meta.model_name, str(hub.pk)
                        )
                except IntegrityError:
                    line.update(status="skipped", reason="Imported at the same moment elsewhere.")
                except Exception as error:  # one bad item never stops the others
                    line.update(status="failed", reason=f"Could not be saved: {error}")
                else:
                    line.update(
                        status="imported",
                        hub_id=hub.pk,
                        channel=channel.title,
                        comments=len(item.comments),
                        problems=converted.problems,
                    )
        report.append(line)
        if progress is not None:
            progress(n, line)
    return report


def _picture_finder(item: Item, find_image, user, saved: dict):
    """A finder that also takes pictures from the files saved beside a page and, when the
    operator allows it, from the web (fetch.py); each picture once per import, after
    Pillow has checked it."""
    fetching = settings.QUIRE_IMPORT_FETCH_PICTURES

    def find(src: str, alt: str):
        image = find_image(src, alt)
        if image is not None:
            return image
        found = item.local_file(src) if item.local_file is not None else None
        key = ("file", found[0], hash(found[1])) if found else ("url", src)
        if key in saved:
            return saved[key]
        if found is None and fetching and urlsplit(src).scheme in ("http", "https"):
            from .fetch import fetch_picture

            found = fetch_picture(src)
        saved[key] = _picture_from_bytes(*found, alt, user) if found else None
        return saved[key]

    return find


def _picture_from_bytes(name: str, data: bytes, alt: str, user):
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    try:
        with PILImage.open(io.BytesIO(data)) as picture:
            width, height = picture.size
            if width * height > getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 128_000_000):
                return None
            picture.verify()
    except Exception:  # not a picture Pillow can read: reported as missing
        return None
    Image = get_image_model()
    image = Image(
        title=(alt or PurePosixPath(name).stem)[:255],
        file=ImageFile(io.BytesIO(data), name=name),
        uploaded_by_user=user,
    )
    image.save()
    return image


def _summary(capsules: list[dict]) -> str:
    for capsule in capsules:
        if capsule["type"] == "text":
            text = html.unescape(re.sub(r"<[^>]+>", " ", capsule["value"]["text"]))
            text = " ".join(text.split())
            if text:
                return text[:300] + ("…" if len(text) > 300 else "")
    return "Imported article."


def job_run(job_id: int) -> str:
    """Run one uploaded import, saving its progress as it goes, then its report."""
    from quire.articles.models import ChannelPage

    from .models import ImportJob

    job = ImportJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.status != ImportJob.Status.QUEUED:
        return "gone"
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    try:
        with job.file.open("rb") as handle:
            source, items = read_export(job.kind, handle.read(MAX_FILE + 1))
            items = list(items)
    except ImportFileError as error:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, error=str(error), finished_at=timezone.now()
        )
        job.file.delete(save=False)
        return "failed"
    ImportJob.objects.filter(pk=job.pk).update(total=len(items))

    def progress(n, line):
        ImportJob.objects.filter(pk=job.pk).update(done=n)

    fallback = ChannelPage.objects.live().order_by("path").first()
    report = import_items(
        job.user,
        source,
        iter(items),
        fallback_channel=fallback,
        find_image=local_image_finder(job.user),
        progress=progress,
    )
    job.file.delete(save=False)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE, report=report, finished_at=timezone.now(), file=""
    )
    return "done"
