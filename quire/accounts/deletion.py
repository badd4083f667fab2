"""Delete my account: the person chooses what happens to their hubs and their comments.

Hubs are deleted (with their comments and the pictures nothing else uses) or kept under
the shared "Former author" profile; comments are kept, signed "Deleted user", or removed.
Then the account and everything attached to it (profile, picture, addresses, sign-in
links, second factors, data exports) goes.

This module runs the deletion; each feature does its part from its own
``wagtail_hooks.py``: a function registered under ``DELETE_HOOK`` (with an ``order``: the
hubs' part first, the money records' last) is given the user, the person's choices and
the report, inside the deletion's transaction. A function under ``BLOCKER_HOOK`` may say
why the account cannot go yet (money still owed), checked before anything is done.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail import hooks

from quire.authors.models import AuthorProfile
from quire.authors.selectors import unique_author_slug

# Not a valid sign-up username (":" is refused), so no person can ever hold it.
FORMER_AUTHOR_USERNAME = "quire:former-author"
FORMER_AUTHOR_NAME = "Former author"

DELETE_HOOK = "quire_account_delete"
BLOCKER_HOOK = "quire_account_delete_blocker"

HUBS_DELETE = "delete"
HUBS_KEEP = "keep"
COMMENTS_KEEP = "keep"
COMMENTS_REMOVE = "remove"


@dataclass
class DeletionReport:
    email: str
    name: str
    hubs_deleted: int = 0
    hubs_kept: int = 0
    comments_kept: int = 0
    comments_removed: int = 0
    images_deleted: int = 0


def former_author():
    """The one inactive account that keeps the hubs of authors who left."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=FORMER_AUTHOR_USERNAME,
        defaults={"is_active": False, "email": ""},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        profile = user.author_profile
        profile.display_name = FORMER_AUTHOR_NAME
        profile.slug = unique_author_slug(FORMER_AUTHOR_NAME, exclude_pk=profile.pk)
        profile.bio = "Hubs kept after their authors closed their accounts."
        profile.save(update_fields=["display_name", "slug", "bio"])
    return user


def deletion_blocker(user) -> str:
    """Why the account cannot go yet, or "" (the deletion form checks it)."""
    for blocker in hooks.get_hooks(BLOCKER_HOOK):
        if reason := blocker(user):
            return reason
    return ""


def account_delete(user, *, hubs: str, comments: str) -> DeletionReport:
    """Delete ``user`` as they chose. Runs in a background task; one transaction."""
    if hubs not in (HUBS_DELETE, HUBS_KEEP) or comments not in (COMMENTS_KEEP, COMMENTS_REMOVE):
        raise ValueError("Unknown choice for hubs or comments.")
    profile = AuthorProfile.objects.filter(user=user).first()
    report = DeletionReport(email=user.email, name=profile.display_name if profile else "")
    choices = {"hubs": hubs, "comments": comments}
    with transaction.atomic():
        for part in hooks.get_hooks(DELETE_HOOK):
            part(user, choices, report)
        files = [export.file for export in user.data_exports.all() if export.file]
        if profile and profile.avatar:
            files.append(profile.avatar)
        user.delete()
        transaction.on_commit(lambda: [f.delete(save=False) for f in files])
    return report
