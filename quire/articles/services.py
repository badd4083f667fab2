"""Writes to the page tree that are Quire's own (publishing itself is Wagtail's)."""

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page, Site

from .channels import CHANNELS
from .info import INFO_PAGES
from .models import ChannelPage, HomePage, InfoPage


@transaction.atomic
def tree_setup(site_name: str | None = None) -> HomePage:
    """Make sure the site has its home page, the 22 channels in bar order and its own
    information pages (the site layer's ``site_setup`` adds the editorial set-up).

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
    info_pages_setup(home)
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


def info_pages_setup(home: HomePage) -> None:
    """The site's own pages (author terms, ...) with their first text, if missing.
    Operators edit them in the editor afterwards; an existing page is never overwritten."""
    existing = set(InfoPage.objects.child_of(home).values_list("slug", flat=True))
    for slug, title, body in INFO_PAGES:
        if slug in existing:
            continue
        page = home.add_child(instance=InfoPage(title=title, slug=slug, body=body))
        page.save_revision().publish()
        home.refresh_from_db()
