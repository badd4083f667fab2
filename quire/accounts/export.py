"""Download my data: everything Quire keeps about a person, in one zip.

account.json (account, profile, roles, sign-in methods, preferences, terms accepted),
comments.json (every comment they wrote), hubs.json and hubs/<slug>.md (every hub they own,
its latest version as Markdown with front matter) and the image files: their uploads,
the images their hubs show and their profile picture.
"""

import json
import os
import tempfile
import zipfile
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files import File
from django.utils import timezone
from django.utils.text import get_valid_filename

from .models import DataExport

README = """\
Your data from {site}, prepared on {date}.

account.json   your account, public profile, roles, sign-in methods and preferences
comments.json  every comment you wrote, with the hub it is on
hubs.json      every hub you own, with its status and addresses
hubs/          each hub's latest version as Markdown (front matter, then the text)
images/        the pictures you uploaded and those your hubs show
avatar.jpg     your profile picture, if you set one

Hub files refer to pictures as ../images/<file>, so the folder opens as it is in any
Markdown editor. Dates are in UTC (ISO 8601).
"""


def _iso(value):
    return value.isoformat() if value else None


def _image_name(image) -> str:
    original = PurePosixPath(image.file.name).name
    return f"{image.pk}-{get_valid_filename(original)}"


def _account(user) -> dict:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount

    from quire.comments.models import CommentPreferences
    from quire.editorial.models import AuthorTermsAcceptance

    profile = user.author_profile
    prefs = CommentPreferences.objects.filter(user=user).first()
    return {
        "email": user.email,
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "joined": _iso(user.date_joined),
        "last_sign_in": _iso(user.last_login),
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "profile": {
            "name": profile.display_name,
            "address": f"{settings.WAGTAILADMIN_BASE_URL}{profile.get_absolute_url()}",
            "bio": profile.bio,
            "about": profile.about,
            "location": profile.location,
            "has_picture": bool(profile.avatar),
        },
        "comment_preferences": {
            "hold_for_approval": prefs.hold_for_approval,
            "email_on_comment": prefs.email_on_comment,
            "email_on_reply": prefs.email_on_reply,
        }
        if prefs
        else None,
        "outside_sign_in": [
            {"provider": a.provider, "account_id": a.uid, "connected": _iso(a.date_joined)}
            for a in SocialAccount.objects.filter(user=user).order_by("pk")
        ],
        # Which second factors are set up, never their secrets.
        "two_factor": sorted(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
        "author_terms_accepted": [
            {"accepted": _iso(a.accepted_at), "terms_version": _iso(a.terms_version)}
            for a in AuthorTermsAcceptance.objects.filter(user=user)
        ],
    }


def _comments(user) -> list[dict]:
    from quire.comments.models import Comment

    comments = Comment.objects.filter(user=user).select_related("hub").order_by("created_at")
    return [
        {
            "id": c.pk,
            "hub": c.hub.title,
            "address": f"{settings.WAGTAILADMIN_BASE_URL}{c.hub.url}#comment-{c.pk}"
            if c.hub.live
            else None,
            "reply_to": c.parent_id,
            "text": c.text,
            "status": c.get_status_display(),
            "written": _iso(c.created_at),
            "edited": _iso(c.edited_at),
            "deleted": _iso(c.deleted_at),
        }
        for c in comments.iterator()
    ]


def _hubs(user, archive: zipfile.ZipFile, images: dict) -> list[dict]:
    from quire.articles.markdown import hub_markdown
    from quire.articles.models import ArticlePage
    from quire.editorial.selectors import STATUS_LABELS, editorial_status, with_editorial_status

    def image_path(image) -> str:
        images[image.pk] = image
        return f"../images/{_image_name(image)}"

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
                "first_published": _iso(hub.first_published_at),
                "last_published": _iso(hub.last_published_at),
                "featured": hub.featured,
                "published_comments": hub.published_comments,
            }
        )
    return listing


def _write_file(archive: zipfile.ZipFile, field, name: str) -> bool:
    try:
        with field.open("rb") as source, archive.open(name, "w") as target:
            for chunk in iter(lambda: source.read(1 << 16), b""):
                target.write(chunk)
    except (FileNotFoundError, OSError):
        return False
    return True


def data_export_build(export: DataExport) -> DataExport:
    """Write the zip for ``export`` and mark it ready (or failed, with the reason)."""
    from wagtail.images import get_image_model

    user = export.user
    fd, temp_path = tempfile.mkstemp(suffix=".zip")
    os.close(fd)
    try:
        missing = []
        with zipfile.ZipFile(temp_path, "w", zipfile.ZIP_DEFLATED) as archive:
            images = {i.pk: i for i in get_image_model().objects.filter(uploaded_by_user=user)}
            hubs = _hubs(user, archive, images)
            archive.writestr("account.json", _dump(_account(user)))
            archive.writestr("comments.json", _dump(_comments(user)))
            archive.writestr("hubs.json", _dump(hubs))
            for image in images.values():
                if not _write_file(archive, image.file, f"images/{_image_name(image)}"):
                    missing.append(image.title)
            avatar = user.author_profile.avatar
            if avatar and not _write_file(archive, avatar, "avatar.jpg"):
                missing.append("profile picture")
            readme = README.format(site=settings.QUIRE_SITE_NAME, date=f"{timezone.now():%Y-%m-%d}")
            if missing:
                readme += "\nThese files could not be read and are missing: " + ", ".join(missing)
            archive.writestr("README.txt", readme)
        stamp = timezone.now().strftime("%Y-%m-%d")
        slug = user.author_profile.slug
        with open(temp_path, "rb") as built:
            export.file.save(f"{slug}-data-{stamp}.zip", File(built), save=False)
        export.size = export.file.size
        export.status = DataExport.Status.READY
    finally:
        os.unlink(temp_path)
    export.finished_at = timezone.now()
    export.save()
    return export


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def hubs_markdown_zip(user) -> str:
    """Every hub of ``user`` as Markdown, with the pictures they show, in a zip written to
    a temporary file (the caller deletes it). Returns its path."""
    fd, temp_path = tempfile.mkstemp(suffix=".zip")
    os.close(fd)
    images: dict = {}
    with zipfile.ZipFile(temp_path, "w", zipfile.ZIP_DEFLATED) as archive:
        hubs = _hubs(user, archive, images)
        archive.writestr("hubs.json", _dump(hubs))
        for image in images.values():
            _write_file(archive, image.file, f"images/{_image_name(image)}")
    return temp_path


def hub_entries(user):
    """(hub, its latest content, WordPress status) for each of the author's hubs."""
    from quire.articles.models import ArticlePage

    for hub in ArticlePage.objects.filter(owner=user).order_by("pk"):
        latest = hub.get_latest_revision_as_object() if hub.has_unpublished_changes else hub
        yield hub, latest, "publish" if hub.live else "draft"
