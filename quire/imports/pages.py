"""Articles saved from the web by a browser ("Save page as…"), above all HubPages hubs,
and Medium's export: each page becomes an :class:`~quire.imports.services.Item`.

The article itself is found by trafilatura, a well-kept main-content extractor, since
saved pages differ in markup. What it leaves out is added by small rules of our own:
pictures' captions (a ``figcaption``, or an element with "caption" in its class next to the
picture), the "Updated on …" date, the channel (the page's breadcrumb or its
``article:section``) and the comments (schema.org ``Comment`` markup, or elements with
"comment" in their class holding a name, a time and text). Pictures are read from the
files saved beside the page (``Page_files/…``) inside the upload, never fetched.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

import trafilatura
from bs4 import BeautifulSoup, Tag

from quire.core.images import ImageRefused, bytes_check

from .archive import Archive, ArchiveError, normalise, open_archive
from .services import Comment, ImportFileError, Item, _date

logger = logging.getLogger(__name__)

PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
UPDATED = re.compile(
    r"\b(?:Updated|Published|Posted)\s+on\s+([A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4})", re.I
)
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")


def read_page(data: bytes, name: str = "page.html", files=None) -> Item | None:
    """One saved page. ``files(path)`` returns the bytes of a file saved beside it."""
    text = data.decode("utf-8", errors="replace")
    soup = BeautifulSoup(text, "html.parser")
    for junk in soup(["script", "style", "noscript", "iframe", "object", "embed", "form"]):
        junk.decompose()
    meta = _meta(soup)
    title = meta.get("og:title") or _text(soup.find("h1")) or _text(soup.find("title"))
    if not title:
        return None
    captions = _captions(soup)
    comments = _comments(soup)
    for node in _comment_nodes(soup):
        node.decompose()
    extracted = trafilatura.extract(
        str(soup),
        output_format="html",
        include_images=True,
        include_formatting=True,
        include_tables=True,
        include_links=True,
        include_comments=False,
        favor_recall=True,
    )
    if not extracted:
        return None
    body = _with_captions(extracted, captions, title)
    source = meta.get("og:url") or _canonical(soup) or name
    published = _date(meta.get("article:published_time")) or _updated_on(soup)
    if published is None:
        found = trafilatura.extract_metadata(text)
        published = _date(found.date) if found is not None and found.date else None
    base = PurePosixPath(name).parent
    lead = meta.get("og:image", "")
    item = Item(
        source_id=source[:250],
        title=title.strip()[:255],
        html=body,
        summary=(meta.get("og:description") or meta.get("description") or "")[:400],
        published=published,
        categories=[c for c in (meta.get("article:section"), _breadcrumb(soup, title)) if c],
        comments=comments,
        lead_image=lead if lead and not lead.startswith(("http:", "https:")) else "",
    )
    if files is not None:
        item.local_file = _resolver(base, files)
    return item


def _resolver(base: PurePosixPath, files) -> Callable[[str], tuple[str, bytes] | None]:
    def resolve(src: str):
        parts = urlsplit(src)
        if parts.scheme or parts.netloc:
            return None
        path = normalise(str(base / unquote(parts.path))) if parts.path else None
        if path is None or not path.lower().endswith(IMAGE_SUFFIXES):
            return None
        data = files(path)
        return (PurePosixPath(path).name, data) if data else None

    return resolve


def read_saved_pages(data: bytes) -> Iterator[Item]:
    """A saved page, or a zip of saved pages with their folders of pictures."""
    if not data.startswith(b"PK"):
        try:
            item = read_page(data)
        except RecursionError:
            raise ImportFileError(TOO_DEEP) from None
        if item is None:
            raise ImportFileError("No article was found in this page.")
        yield item
        return
    archive = _open(data)
    pages = [
        n for n in archive.names() if n.lower().endswith(PAGE_SUFFIXES) and not _in_files_folder(n)
    ]
    if not pages:
        raise ImportFileError("The zip file holds no saved web page (.html).")
    for name in pages:
        yield _page_item(archive, name)


TOO_DEEP = "The page is nested too deeply to be read."


def _page_item(archive: Archive, name: str) -> Item:
    """One page of the zip; a page that cannot be read is reported, the others go on."""
    try:
        item = read_page(archive.read(name) or b"", name, _picture_reader(archive))
    except RecursionError:
        return Item(source_id=name, title=name, html="", problem=TOO_DEEP)
    except Exception as error:  # a reader's surprise on one page never stops the others
        logger.warning("Saved page %s not read", name, exc_info=True)
        return Item(source_id=name, title=name, html="", problem=f"Not readable: {error}")
    return item if item is not None else Item(source_id=name, title="", html="")


def _picture_reader(archive: Archive) -> Callable[[str], bytes | None]:
    """The bytes of a file saved beside a page, after its size in the zip's directory
    was checked against the pictures' limit (a picture too large is never read)."""

    def read(path: str) -> bytes | None:
        info = archive.entries.get(path)
        if info is None:
            return None
        bytes_check(info.file_size)
        try:
            return archive.read(path)
        except ArchiveError as error:
            raise ImageRefused(str(error)) from None

    return read


def read_medium(data: bytes) -> Iterator[Item]:
    """Medium's export zip: every story in ``posts/`` (drafts too, as drafts here)."""
    archive = _open(data)
    posts = [n for n in archive.names() if n.startswith("posts/") and n.endswith(".html")]
    if not posts:
        raise ImportFileError("This zip file is not a Medium export (no posts/ folder).")
    for name in posts:
        try:
            yield _medium_story(archive, name)
        except RecursionError:
            yield Item(source_id=name, title=name, html="", problem=TOO_DEEP)
        except Exception as error:  # one story's surprise never stops the others
            logger.warning("Medium story %s not read", name, exc_info=True)
            yield Item(source_id=name, title=name, html="", problem=f"Not readable: {error}")


def _medium_story(archive: Archive, name: str) -> Item:
    soup = BeautifulSoup((archive.read(name) or b"").decode("utf-8", "replace"), "html.parser")
    body = soup.find("section", attrs={"data-field": "body"})
    title = _text(soup.find(class_="p-name")) or _text(soup.find("title"))
    if body is None or not title:
        return Item(source_id=name, title=title, html="")
    for heading in body.find_all(["h1", "h3"], class_="graf--title"):
        heading.decompose()  # the title again, at the top of the story
    when = soup.find("time", class_="dt-published")
    canonical = soup.find("a", class_="p-canonical")
    href = canonical.get("href") if canonical else None
    return Item(
        source_id=(href if isinstance(href, str) and href else name)[:250],
        title=title[:255],
        html=str(body),
        summary=_text(soup.find("section", attrs={"data-field": "subtitle"}))[:400],
        published=_date(when.get("datetime")) if when else None,
    )


def detect_archive_kind(data: bytes) -> str | None:
    try:
        archive = open_archive(data)
    except ArchiveError:
        return None
    names = archive.names()
    if any(n.startswith("posts/") and n.endswith(".html") for n in names):
        return "medium"
    if any(n.lower().endswith(PAGE_SUFFIXES) for n in names):
        return "pages"
    return None


def _open(data: bytes) -> Archive:
    try:
        return open_archive(data)
    except ArchiveError as error:
        raise ImportFileError(str(error)) from None


def _in_files_folder(name: str) -> bool:
    return any(part.endswith(("_files", "_archivos", "-Dateien")) for part in name.split("/")[:-1])


def _text(node) -> str:
    return " ".join(node.get_text(" ").split()) if node is not None else ""


def _meta(soup: BeautifulSoup) -> dict[str, str]:
    found = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        if key and tag.get("content") and key not in found:
            found[key.lower()] = tag["content"].strip()
    return found


def _canonical(soup: BeautifulSoup) -> str:
    link = soup.find("link", rel="canonical")
    return link.get("href", "") if link else ""


def _updated_on(soup: BeautifulSoup) -> datetime | None:
    match = UPDATED.search(soup.get_text(" "))
    if match is None:
        return None
    for pattern in ("%b %d, %Y", "%B %d, %Y", "%b. %d, %Y"):
        try:
            return datetime.strptime(match[1], pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def _breadcrumb(soup: BeautifulSoup, title: str) -> str:
    trail = soup.find(attrs={"class": re.compile("breadcrumb", re.I)}) or soup.find(
        attrs={"itemtype": re.compile("BreadcrumbList")}
    )
    if trail is None:
        return ""
    names = [_text(a) for a in trail.find_all("a")]
    names = [n for n in names if n and n.lower() not in ("home", title.lower())]
    return names[-1] if names else ""


def _captions(soup: BeautifulSoup) -> dict[str, str]:
    """Each picture's caption, by its address."""
    captions = {}
    for img in soup.find_all("img"):
        src = img.get("src")
        if not src:
            continue
        caption = ""
        figure = img.find_parent("figure")
        if figure is not None and figure.find("figcaption"):
            caption = _text(figure.find("figcaption"))
        else:
            for node in [*img.find_next_siblings(limit=2), *img.parent.find_next_siblings(limit=1)]:
                if isinstance(node, Tag) and "caption" in " ".join(node.get("class", [])).lower():
                    caption = _text(node)
                    break
        if caption:
            captions[src] = caption
    return captions


def _with_captions(extracted: str, captions: dict[str, str], title: str) -> str:
    soup = BeautifulSoup(extracted, "html.parser")
    first = soup.find(["h1", "h2"])
    if first is not None and _text(first).lower() == title.strip().lower():
        first.decompose()
    for img in soup.find_all("img"):
        caption = captions.get(img.get("src", ""))
        if not caption:
            continue
        following = img.find_next_sibling()
        if following is not None and following.name == "p" and _text(following) == caption:
            following.decompose()
        figure = soup.new_tag("figure")
        img.wrap(figure)
        figcaption = soup.new_tag("figcaption")
        figcaption.string = caption
        figure.append(figcaption)
    body = soup.find("body")
    return "".join(str(c) for c in (body.contents if body else soup.contents))


def _comment_nodes(soup: BeautifulSoup) -> list[Tag]:
    nodes = soup.find_all(attrs={"itemtype": re.compile(r"schema\.org/Comment$")})
    if not nodes:
        nodes = [
            n
            for n in soup.find_all(attrs={"class": re.compile(r"(^|\s)comment(\s|$)", re.I)})
            if n.find("time") is not None
        ]
    return nodes


def _comments(soup: BeautifulSoup) -> list[Comment]:
    comments = []
    for node in _comment_nodes(soup):
        name_node = node.find(attrs={"itemprop": "author"}) or node.find(
            attrs={"class": re.compile(r"name|author", re.I)}
        )
        text_node = node.find(attrs={"itemprop": "text"}) or node.find(
            attrs={"class": re.compile(r"text|body|content", re.I)}
        )
        if text_node is None:
            paragraphs = node.find_all("p")
            text = "\n\n".join(_text(p) for p in paragraphs)
        else:
            text = "\n\n".join(_text(p) for p in text_node.find_all("p")) or _text(text_node)
        when = node.find("time")
        if text:
            comments.append(
                Comment(
                    name=_text(name_node) or "A reader",
                    text=text,
                    created=_date(when.get("datetime")) if when and when.get("datetime") else None,
                )
            )
    return comments
