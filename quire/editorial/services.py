"""Writes of the editorial process: roles, the review workflow, featuring.

Each function that acts for a person checks their permission and raises ``EditorialError``
with a message fit to show them.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from quire.accounts import roles
from quire.articles.models import ArticlePage, ChannelPage, InfoPage
from quire.core.errors import UserError

from .models import AuthorTermsAcceptance, EditorialReviewTask

WORKFLOW_NAME = "Editorial review"
TASK_NAME = "Editors' review"
AUTHOR_TERMS_SLUG = "author-terms"


class EditorialError(UserError):
    """An editorial action that is not allowed, with a message for the person who tried."""


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


# -- Set-up (idempotent; run by `manage.py quire_setup`) ------------------------------------


def editorial_setup(home: Page) -> None:
    """Groups, their permissions and the review workflow every hub goes through."""
    for name in (roles.AUTHORS_GROUP, roles.TRUSTED_AUTHORS_GROUP):
        writers_group_setup(Group.objects.get_or_create(name=name)[0], home)
    editor = _permission(*roles.EDITOR_PERMISSION.split("."))
    moderate = _permission("comments", "moderate_comment")
    editor_groups = list(Group.objects.filter(name__in=roles.EDITOR_GROUPS))
    for group in editor_groups:
        group.permissions.add(editor, moderate)
    review_workflow_setup(home, editor_groups)


def writers_group_setup(group: Group, home: Page) -> None:
    """May use the editor, add hubs in every channel (and so edit their own: Wagtail's
    ownership rule), submit them for review, upload images and choose among their own.

    The permission is given on each channel rather than on the home page, so that writers
    cannot add channels or site pages. Publishing stays with the review workflow.
    """

    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    add_page = _permission("wagtailcore", "add_page")
    GroupPagePermission.objects.filter(group=group, page=home).delete()
    for channel in ChannelPage.objects.child_of(home):
        GroupPagePermission.objects.get_or_create(group=group, page=channel, permission=add_page)
    root_collection = Collection.get_first_root_node()
    for codename in ("add_image", "choose_image"):
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=root_collection,
            permission=_permission("wagtailimages", codename),
        )


def channel_open_to_writers(channel: Page) -> None:
    """A new channel accepts hubs from every writer at once."""
    add_page = _permission("wagtailcore", "add_page")
    for group in Group.objects.filter(name__in=(roles.AUTHORS_GROUP, roles.TRUSTED_AUTHORS_GROUP)):
        GroupPagePermission.objects.get_or_create(group=group, page=channel, permission=add_page)


def review_workflow_setup(home: Page, editor_groups: list[Group]) -> Workflow:
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = EditorialReviewTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = EditorialReviewTask.objects.create(name=TASK_NAME)
    task.groups.add(*editor_groups)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow


# -- Becoming an author ---------------------------------------------------------------------


def author_terms_page():
    return InfoPage.objects.live().filter(slug=AUTHOR_TERMS_SLUG).first()


@transaction.atomic
def become_author(user, *, accepted: bool) -> None:
    """A reader accepts the author terms and joins the Authors group."""
    if not user.is_authenticated or not user.is_active:
        raise EditorialError("Sign in to become an author.")
    if not accepted:
        raise EditorialError("Tick the box to accept the author terms.")
    if roles.is_author(user):
        return
    terms = author_terms_page()
    AuthorTermsAcceptance.objects.create(
        user=user, terms_version=terms.last_published_at if terms else None
    )
    user.groups.add(roles.authors_group())
    if hasattr(user, "_quire_group_names"):
        del user._quire_group_names


# -- Featuring ------------------------------------------------------------------------------


def hub_feature(hub, user, *, featured: bool) -> bool:
    """Mark a published hub featured or not. Returns whether anything changed.

    Written to the page row only, never to a revision (ArticlePage.with_content_json keeps
    it across publishing), and logged in the page's history.
    """

    if not roles.is_editor(user):
        raise EditorialError("Only editors can feature hubs.")
    if featured and not hub.live:
        raise EditorialError("Only a published hub can be featured.")
    if hub.featured == featured:
        return False
    when = timezone.now() if featured else None
    ArticlePage.objects.filter(pk=hub.pk).update(featured=featured, featured_at=when)
    hub.featured, hub.featured_at = featured, when
    from wagtail.log_actions import log

    log(instance=hub, action="quire.feature" if featured else "quire.unfeature", user=user)
    from .signals import hub_featured_changed

    hub_featured_changed.send(sender=ArticlePage, hub=hub, featured=featured)
    return True
