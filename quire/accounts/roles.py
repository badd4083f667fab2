"""Who is who in the editor.

- A **reader** is any account. It may comment and has no access to the editor.
- An **author** has accepted the author terms and is in the "Authors" group: may write hubs
  in any channel, upload images and submit for review. Sees only their own work.
- A **trusted author** is also in "Trusted authors": when the site setting allows it, their
  submissions publish without waiting for an editor.
- An **editor** holds ``articles.editor`` (Wagtail's "Editors" and "Moderators" groups,
  and superusers): reviews, publishes, features, and sees everyone's work.

Roles are the accounts' layer (docs/architecture.md): every feature asks them, none
defines them.
"""

from __future__ import annotations

from django.contrib.auth.models import Group

AUTHORS_GROUP = "Authors"
TRUSTED_AUTHORS_GROUP = "Trusted authors"
EDITOR_GROUPS = ("Moderators", "Editors")
EDITOR_PERMISSION = "articles.editor"


def is_editor(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(EDITOR_PERMISSION))


def _group_names(user) -> set[str]:
    """The user's group names, read once a request (cached on the user object)."""
    names = getattr(user, "_quire_group_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
        user._quire_group_names = names
    return names


def is_author(user) -> bool:
    return user.is_authenticated and (AUTHORS_GROUP in _group_names(user) or is_editor(user))


def is_trusted_author(user) -> bool:
    return user.is_authenticated and TRUSTED_AUTHORS_GROUP in _group_names(user)


def authors_group() -> Group:
    return Group.objects.get_or_create(name=AUTHORS_GROUP)[0]
