"""Download my data: everything Quire keeps about a person, in one zip.

This module builds the zip: account.json (account, profile, roles, sign-in methods), the
pictures and the profile picture, and a README that says what each file holds. Every
feature adds what it keeps about the person from its own ``wagtail_hooks.py``, as a
function registered under ``EXPORT_HOOK`` that is given the user and the :class:`Export`
being written (comments.json and the comment preferences from the comments, hubs.json and
hubs/<slug>.md and the terms accepted from the editorial app).
"""

import json
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files import File
from django.utils import timezone
from django.utils.text import get_valid_filename
from wagtail import hooks

from .models import DataExport

EXPORT_HOOK = "quire_account_export"
ACCOUNT_JSON = "your account, public profile, roles, sign-in methods and preferences"

README = """\
Your data from {site}, prepared on {date}.

{contents}

Hub files refer to pictures as ../images/<file>, so the folder opens as it is in any
Markdown editor. Dates are in UTC (ISO 8601).
"""


def iso(value):
    return value.isoformat() if value else None


def image_name(image) -> str:
    original = PurePosixPath(image.file.name).name
    return f"{image.pk}-{get_valid_filename(original)}"


def dump_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_file(archive: zipfile.ZipFile, stored, name: str) -> bool:
    """Copy a stored file into the archive; False when it cannot be read."""
    try:
        with stored.open("rb") as source, archive.open(name, "w") as target:
            for chunk in iter(lambda: source.read(1 << 16), b""):
                target.write(chunk)
    except (FileNotFoundError, OSError):
        return False
    return True


@dataclass
class Export:
    """The zip being written, as the features' export parts see it."""

    user: object
    archive: zipfile.ZipFile
    # account.json: parts add their keys (preferences, terms accepted).
    account: dict = field(default_factory=dict)
    # The pictures to include (id → image): the person's uploads, and what parts add.
    images: dict = field(default_factory=dict)
    # (file, what it holds), for the README, in the order they are added.
    contents: list = field(default_factory=list)

    def add_json(self, name: str, data, what: str) -> None:
        self.archive.writestr(name, dump_json(data))
        self.contents.append((name, what))

    def describe(self, name: str, what: str) -> None:
        self.contents.append((name, what))

    def image_path(self, image) -> str:
        """Where a hub file finds ``image`` (which is then included)."""
        self.images[image.pk] = image
        return f"../images/{image_name(image)}"


def _account(user) -> dict:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount

    profile = user.author_profile
    return {
        "email": user.email,
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "joined": iso(user.date_joined),
        "last_sign_in": iso(user.last_login),
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "profile": {
            "name": profile.display_name,
            "address": f"{settings.WAGTAILADMIN_BASE_URL}{profile.get_absolute_url()}",
            "bio": profile.bio,
            "about": profile.about,
            "location": profile.location,
            "has_picture": bool(profile.avatar),
        },
        "outside_sign_in": [
            {"provider": a.provider, "account_id": a.uid, "connected": iso(a.date_joined)}
            for a in SocialAccount.objects.filter(user=user).order_by("pk")
        ],
        # Which second factors are set up, never their secrets.
        "two_factor": sorted(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
    }


def data_export_build(export: DataExport) -> DataExport:
    """Write the zip for ``export`` and mark it ready (or failed, with the reason)."""
    from wagtail.images import get_image_model

    user = export.user
    fd, temp_path = tempfile.mkstemp(suffix=".zip")
    os.close(fd)
    try:
        missing = []
        with zipfile.ZipFile(temp_path, "w", zipfile.ZIP_DEFLATED) as archive:
            parts = Export(user, archive, account=_account(user))
            parts.describe("account.json", ACCOUNT_JSON)
            parts.images = {
                i.pk: i for i in get_image_model().objects.filter(uploaded_by_user=user)
            }
            for add_part in hooks.get_hooks(EXPORT_HOOK):
                add_part(user, parts)
            archive.writestr("account.json", dump_json(parts.account))
            for image in parts.images.values():
                if not write_file(archive, image.file, f"images/{image_name(image)}"):
                    missing.append(image.title)
            parts.describe("images/", "the pictures you uploaded and those your hubs show")
            avatar = user.author_profile.avatar
            if avatar and not write_file(archive, avatar, "avatar.jpg"):
                missing.append("profile picture")
            parts.describe("avatar.jpg", "your profile picture, if you set one")
            readme = README.format(
                site=settings.QUIRE_SITE_NAME,
                date=f"{timezone.now():%Y-%m-%d}",
                contents="\n".join(f"{name:<14} {what}" for name, what in parts.contents),
            )
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
