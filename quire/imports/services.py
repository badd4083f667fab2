"""Importing an author's articles from elsewhere. Each source is read into ``Item``s; every
item becomes a draft hub of the importing author in its own transaction (a failure
leaves nothing half-made), once (``ImportedItem`` remembers its source id), keeping the
original publication date; the report says what was imported, skipped or failed, and why.

Pictures are taken from this site's own media (an export from here: only pictures the
importing author may choose in the editor), from the files saved beside a page in the
upload, or, only when the operator allows it, downloaded (fetch.py); the others are
reported missing. A new picture is bounded in bytes and pixels before it is decoded
(quire.core.images).

Whatever goes wrong, a job ends: done with its report, or failed with a message that says
why (``job_run``); one bad item fails alone.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from defusedxml import ElementTree as SafeET
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from quire.articles.models import ArticlePage, ChannelPage
from quire.comments.models import Comment as ReaderComment
from quire.core.errors import UserError
from quire.core.images import ImageRefused, image_check

from .html import html_to_capsules
from .models import ImportedItem

logger = logging.getLogger(__name__)

MAX_FILE = 200 * 1024 * 1024
WP = "{http://wordpress.org/export/1.2/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
EXCERPT = "{http://wordpress.org/export/1.2/excerpt/}encoded"


class ImportFileError(UserError):
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
    problem: str = ""  # why the reader could not read this item (it is reported failed)


def _date(text: str | None) -> datetime | None:
    if not isinstance(text, str) or not text.strip() or text.startswith("0000"):
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
    """Posts and pages of a Ghost export (Settings → Labs → Export), with their HTML.

    The file is someone else's JSON: every value is checked for the type it should have,
    so a strange one gives an empty field, never an error that stops the import.
    """
    try:
        document = json.loads(data)
    except RecursionError:
        # json's parser bounds nesting by the interpreter's recursion limit and stops
        # cleanly there; an export is a few levels deep.
        raise ImportFileError(
            "This file nests lists and objects far more deeply than a Ghost export does, "
            "so it cannot be read."
        ) from None
    except ValueError:
        raise ImportFileError("Not a Ghost export (not readable JSON).") from None
    content = _ghost_content(document)
    tags = {_ghost_id(t.get("id")): _text_of(t.get("name")) for t in _dicts(content.get("tags"))}
    post_tags: dict = {}
    links = sorted(_dicts(content.get("posts_tags")), key=lambda x: _order(x.get("sort_order")))
    for link in links:
        name = tags.get(_ghost_id(link.get("tag_id")), "")
        post_tags.setdefault(_ghost_id(link.get("post_id")), []).append(name)
    for post in _dicts(content.get("posts")):
        if (_text_of(post.get("type")) or "post") not in ("post", "page"):
            continue
        html_text = _text_of(post.get("html"))
        plaintext = _text_of(post.get("plaintext"))
        if not html_text and plaintext:
            html_text = "".join(
                f"<p>{html.escape(part)}</p>" for part in plaintext.split("\n\n") if part
            )
        post_id = _ghost_id(post.get("id"))
        yield Item(
            source_id=(post_id or _ghost_id(post.get("uuid")) or "")[:300],
            title=_text_of(post.get("title")).strip(),
            html=html_text,
            summary=_text_of(post.get("custom_excerpt")).strip(),
            published=_date(post.get("published_at")) or _date(post.get("created_at")),
            categories=[name for name in post_tags.get(post_id, []) if name],
            lead_image=_text_of(post.get("feature_image")),
            lead_image_alt=_text_of(post.get("feature_image_alt")).strip(),
        )


def _ghost_content(document) -> dict:
    """The export's ``data`` object (inside ``db`` in full exports)."""
    content = None
    if isinstance(document, dict):
        content = document.get("data")
        db = document.get("db")
        if isinstance(db, list) and db and isinstance(db[0], dict):
            content = db[0].get("data")
    if not isinstance(content, dict) or not isinstance(content.get("posts"), list):
        raise ImportFileError("Not a Ghost export (no db → data → posts).")
    return content


def _dicts(value) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _text_of(value) -> str:
    return value if isinstance(value, str) else ""


def _ghost_id(value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value)


def _order(value) -> float:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else 0


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
    """Pictures an export from this site points to, found in this site's own media among
    those ``user`` may choose in the editor: an address names a file, not a right to it,
    so another author's picture or one in a private collection is reported missing."""
    from .selectors import images_usable_by

    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    usable = images_usable_by(user)

    def find(src: str, alt: str):
        parts = urlsplit(src)
        if parts.netloc and parts.netloc != base.netloc:
            return None
        path = parts.path
        if not path.startswith(settings.MEDIA_URL):
            return None
        name = path[len(settings.MEDIA_URL) :]
        image = usable.filter(file=name).first()
        if image is None:
            # A rendition's address: original_images/x.jpg became images/x.width-800.webp
            stem = PurePosixPath(name).name.split(".")[0]
            image = usable.filter(file__contains=f"/{stem}.").first() if stem else None
        return image

    return find


def _channel_for(categories: list[str], fallback, known: dict):
    """The live channel named like one of the categories (``known`` remembers each name's
    answer for the rest of the import)."""

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
    report = []
    saved_pictures: dict[tuple, object] = {}
    channels: dict[str, object] = {}
    for n, item in enumerate(items, start=1):
        line = {"title": item.title or "(untitled)", "source_id": item.source_id}
        finder = _picture_finder(item, find_image, user, saved_pictures)
        try:
            line.update(_item_import(user, source, item, finder, fallback_channel, channels))
        except RecursionError:
            line.update(status="failed", reason="The article is nested too deeply to be read.")
        except Exception as error:  # one bad item never stops the others
            logger.warning("Import of %s by user %s failed", item.source_id, user.pk, exc_info=True)
            line.update(status="failed", reason=f"Could not be imported: {error}")
        report.append(line)
        if progress is not None:
            progress(n, line)
    return report


def _item_import(user, source: str, item: Item, find_image, fallback_channel, channels) -> dict:
    """One item as a draft hub, in its own transaction; the report line's result."""
    from wagtail.signal_handlers import disable_reference_index_auto_update
    from wagtail.tasks import update_reference_index_task

    if item.problem:
        return {"status": "failed", "reason": item.problem}
    if not item.source_id:
        return {"status": "failed", "reason": "The item has no id to recognise it by."}
    if ImportedItem.objects.filter(user=user, source=source, source_id=item.source_id).exists():
        return {"status": "skipped", "reason": "Imported before."}
    if not item.title:
        return {"status": "failed", "reason": "The item has no title."}
    converted = html_to_capsules(item.html, find_image)
    if not converted.capsules:
        return {"status": "failed", "reason": "Nothing readable in the item."}
    channel = _channel_for(item.categories, fallback_channel, channels)
    if channel is None:
        return {"status": "failed", "reason": "The site has no published channel to put it in."}
    try:
        # One reference-index update per hub, after its last save, not one per save
        # (Wagtail's auto-update queues a task for each).
        with transaction.atomic(), disable_reference_index_auto_update():
            lead = _lead_image(item, find_image, converted.problems)
            hub = ArticlePage(
                lead_image=lead,
                lead_image_alt=(item.lead_image_alt or item.title)[:250] if lead else "",
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
            ImportedItem.objects.create(user=user, source=source, source_id=item.source_id, hub=hub)
            update_reference_index_task.enqueue(
                hub._meta.app_label, hub._meta.model_name, str(hub.pk)
            )
    except IntegrityError:
        return {"status": "skipped", "reason": "Imported at the same moment elsewhere."}
    except Exception as error:
        logger.warning("Imported item %s not saved", item.source_id, exc_info=True)
        return {"status": "failed", "reason": f"Could not be saved: {error}"}
    return {
        "status": "imported",
        "hub_id": hub.pk,
        "channel": channel.title,
        "comments": len(item.comments),
        "problems": converted.problems,
    }


def _lead_image(item: Item, find_image, problems: list[str]):
    if not item.lead_image:
        return None
    try:
        lead = find_image(item.lead_image, item.lead_image_alt)
    except ImageRefused as refusal:
        problems.append(f"Picture not imported: {item.lead_image}. {refusal}")
        return None
    if lead is None:
        problems.append(f"Picture not found: {item.lead_image}")
    return lead


def _picture_finder(item: Item, find_image, user, saved: dict):
    """A finder that also takes pictures from the files saved beside a page and, when the
    operator allows it, from the web (fetch.py); each picture once per import, after its
    header was checked (``ImageRefused`` says why one is not taken)."""
    fetching = settings.QUIRE_IMPORT_FETCH_PICTURES

    def find(src: str, alt: str):
        image = find_image(src, alt)
        if image is not None:
            return image
        found = item.local_file(src) if item.local_file is not None else None
        key = ("file", found[0], hash(found[1])) if found else ("url", src)
        if key not in saved:
            if found is None and fetching and urlsplit(src).scheme in ("http", "https"):
                from .fetch import fetch_picture

                found = fetch_picture(src)
            try:
                saved[key] = _picture_from_bytes(*found, alt, user) if found else None
            except ImageRefused as refusal:
                saved[key] = refusal
        if isinstance(saved[key], ImageRefused):
            raise saved[key]
        return saved[key]

    return find


def _picture_from_bytes(name: str, data: bytes, alt: str, user):
    """A new picture of ``user``; ``ImageRefused`` when its header shows it too large in
    bytes or pixels, or it is not a picture (checked before anything decodes it)."""
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    header = image_check(data)
    try:
        with PILImage.open(io.BytesIO(data)) as picture:
            picture.verify()  # the file's structure, without decoding the pixels
    except Exception:  # Pillow raises many kinds for a damaged file
        raise ImageRefused("The file is damaged.") from None
    stem = PurePosixPath(name).stem[:80] or "picture"
    Image = get_image_model()
    image = Image(
        title=(alt or stem)[:255],
        # Named by what it is, whatever the address said.
        file=ImageFile(io.BytesIO(data), name=f"{stem}.{header.extension}"),
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


STOPPED = (
    "The import stopped because of a problem Quire did not expect (it is logged for the "
    "site's team)."
)
STALLED = "The import stopped: the server running it was restarted or lost."
KEPT = (
    " It had gone through {done} of {total} articles: those imported are kept as drafts, and "
    "uploading the file again imports the rest (those already imported are skipped)."
)
# A running job that has shown no sign of life for this long was lost with its worker.
STALL_AFTER = timedelta(hours=1)


def job_run(job_id: int) -> str:
    """Run one uploaded import, saving its progress as it goes, then its report. Whatever
    goes wrong, the job ends: failed, with a message the author can read and the report
    of what was done before."""
    from .models import ImportJob

    job = ImportJob.objects.select_related("user").filter(pk=job_id).first()
    claimed = (
        job is not None
        and ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.QUEUED).update(
            status=ImportJob.Status.RUNNING, heartbeat_at=timezone.now()
        )
        == 1
    )
    if not claimed:
        return "gone"
    report: list[dict] = []
    error = ""
    try:
        _job_import(job, report)
    except ImportFileError as refusal:
        error = str(refusal)
    except Exception:  # whatever it was, the job ends and says so
        logger.exception("Import job %s stopped", job.pk)
        error = STOPPED
        if report:
            total = ImportJob.objects.filter(pk=job.pk).values_list("total", flat=True).get()
            error += KEPT.format(done=len(report), total=total)
    job.file.delete(save=False)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.FAILED if error else ImportJob.Status.DONE,
        error=error,
        report=report,
        finished_at=timezone.now(),
        file="",
    )
    return "failed" if error else "done"


def _job_import(job, report: list[dict]) -> None:
    """Read the job's file and import its items, each report line into ``report`` as it
    is done."""

    from .models import ImportJob

    with job.file.open("rb") as handle:
        data = handle.read(MAX_FILE + 1)
    if len(data) > MAX_FILE:
        raise ImportFileError("The file is larger than 200 MB.")
    source, items = read_export(job.kind, data)
    items = list(items)
    ImportJob.objects.filter(pk=job.pk).update(total=len(items), heartbeat_at=timezone.now())

    def progress(n: int, line: dict) -> None:
        report.append(line)
        ImportJob.objects.filter(pk=job.pk).update(done=n, heartbeat_at=timezone.now())

    import_items(
        job.user,
        source,
        iter(items),
        fallback_channel=ChannelPage.objects.live().order_by("path").first(),
        find_image=local_image_finder(job.user),
        progress=progress,
    )


def job_end_if_stalled(job):
    """A job whose worker died while it ran (it shows no sign of life) is ended as failed,
    so that no import says "Importing" for ever; ``job`` as it now is."""
    from .models import ImportJob

    if job.status != ImportJob.Status.RUNNING:
        return job
    alive = job.heartbeat_at or job.created_at
    if alive > timezone.now() - STALL_AFTER:
        return job
    error = STALLED + (KEPT.format(done=job.done, total=job.total) if job.done else "")
    ended = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING).update(
        status=ImportJob.Status.FAILED, error=error, finished_at=timezone.now()
    )
    if ended:
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")
    job.refresh_from_db()
    return job
