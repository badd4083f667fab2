"""Writes to the page tree that are Quire's own (publishing itself is Wagtail's)."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

from .channels import CHANNELS
from .models import ChannelPage, HomePage


@transaction.atomic
def site_setup(site_name: str | None = None) -> HomePage:
    """Make sure the site has its home page and the 22 channels, in bar order.

    Idempotent: what exists is kept, missing channels are added. Returns the home page.
    """
    site_name = site_name or settings.QUIRE_SITE_NAME
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                title=site_name,
                slug="quire-home",
                intro="Long-form writing by independent authors.",
            )
        )
        home.save_revision().publish()
    home = _serve_home_page(home, site_name)

    existing = set(ChannelPage.objects.child_of(home).values_list("slug", flat=True))
    for name, description in CHANNELS:
        title = name or site_name
        slug = slugify(title)
        if slug in existing:
            continue
        channel = home.add_child(
            instance=ChannelPage(
                title=title,
                slug=slug,
                description=description,
                is_site_channel=name is None,
            )
        )
        channel.save_revision().publish()
        home.refresh_from_db()
    authors_group_setup(home)
    moderators_setup()
    return home


def _serve_home_page(home: HomePage, site_name: str) -> HomePage:
    """The default site serves Quire's home page; Wagtail's own "Welcome" placeholder
    page, if it is still there and empty, is removed."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=site_name,
        )
        return home
    if site.root_page_id == home.pk:
        return home
    old_root = site.root_page
    site.root_page = home
    site.site_name = site_name
    site.save()
    if old_root.specific_class is Page and old_root.numchild == 0:
        old_root.delete()
        home.refresh_from_db()
    return home


AUTHORS_GROUP = "Authors"


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def authors_group_setup(home: HomePage) -> Group:
    """The group every writer joins: may use the editor, write hubs in any channel, edit
    their own hubs and submit them for review, and upload and choose images. Publishing
    stays with Wagtail's Moderators and Editors groups."""
    group, _ = Group.objects.get_or_create(name=AUTHORS_GROUP)
    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    GroupPagePermission.objects.get_or_create(
        group=group, page=home, permission=_permission("wagtailcore", "add_page")
    )
    root_collection = Collection.get_first_root_node()
    for codename in ("add_image", "choose_image"):
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=root_collection,
            permission=_permission("wagtailimages", codename),
        )
    return group


# Wagtail's own groups for people who publish; they moderate every comment on the site.
MODERATOR_GROUPS = ("Moderators", "Editors")


def moderators_setup() -> None:
    moderate = _permission("comments", "moderate_comment")
    for name in MODERATOR_GROUPS:
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(moderate)
