"""What the editorial app adds to a person's data export: the author terms they accepted,
and their hubs (each one's latest version as Markdown, with its editorial status).
Registered in wagtail_hooks.py under ``quire.accounts.export.EXPORT_HOOK``."""

import os
import tempfile
import zipfile

from django.conf import settings

from quire.accounts.export import Export, dump_json, image_name, iso, write_file
from quire.articles.markdown import hub_markdown
from quire.articles.models import ArticlePage
from quire.comments.models import Comment

from .models import AuthorTermsAcceptance
from .selectors import STATUS_LABELS, editorial_status, with_editorial_status


def account_export(user, export: Export) -> None:
    export.account["author_terms_accepted"] = [
        {"accepted": iso(a.accepted_at), "terms_version": iso(a.terms_version)}
        for a in AuthorTermsAcceptance.objects.filter(user=user)
    ]
    listing = hubs_export(user, export.archive, export.image_path)
    export.add_json("hubs.json", listing, "every hub you own, with its status and addresses")
    export.describe("hubs/", "each hub's latest version as Markdown (front matter, then the text)")


def hubs_export(user, archive: zipfile.ZipFile, image_path) -> list[dict]:
    """Write hubs/<slug>.md for each of ``user``'s hubs; returns hubs.json's listing."""
    listing = []
    used = set()
    hubs = with_editorial_status(ArticlePage.objects.filter(owner=user)).order_by("pk")
    for hub in hubs:
        status = STATUS_LABELS[editorial_status(hub)]
        if hub.has_unpublished_changes and hub.live:
            status += ", with unpublished changes"
        latest = hub.get_latest_revision_as_object() if hub.has_unpublished_changes else hub
        name = hub.slug if hub.slug not in used else f"{hub.slug}-{hub.pk}"
        used.add(name)
        archive.writestr(f"hubs/{name}.md", hub_markdown(latest, image_path, status=status))
        listing.append(
            {
                "id": hub.pk,
                "title": latest.title,
                "status": status,
                "file": f"hubs/{name}.md",
                "address": f"{settings.WAGTAILADMIN_BASE_URL}{hub.url}" if hub.live else None,
                "first_published": iso(hub.first_published_at),
                "last_published": iso(hub.last_published_at),
                "featured": hub.featured,
                "published_comments": hub.published_comments,
            }
        )
    return listing


def hubs_markdown_zip(user) -> str:
    """Every hub of ``user`` as Markdown, with the pictures they show, in a zip written to
    a temporary file (the caller deletes it). Returns its path."""
    fd, temp_path = tempfile.mkstemp(suffix=".zip")
    os.close(fd)
    images: dict = {}

    def image_path(image) -> str:
        images[image.pk] = image
        return f"../images/{image_name(image)}"

    with zipfile.ZipFile(temp_path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("hubs.json", dump_json(hubs_export(user, archive, image_path)))
        for image in images.values():
            write_file(archive, image.file, f"images/{image_name(image)}")
    return temp_path


def published_comments(hub):
    """A hub's published comments, oldest first, with their writers (for the WXR file)."""
    return (
        Comment.objects.filter(hub_id=hub.pk, status=Comment.Status.PUBLISHED, deleted_at=None)
        .select_related("user__author_profile")
        .order_by("created_at")
    )


def hub_entries(user):
    """(hub, its latest content, WordPress status) for each of the author's hubs."""
    for hub in ArticlePage.objects.filter(owner=user).order_by("pk"):
        latest = hub.get_latest_revision_as_object() if hub.has_unpublished_changes else hub
        yield hub, latest, "publish" if hub.live else "draft"
