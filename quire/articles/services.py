"""Writes to the page tree that are Quire's own (publishing itself is Wagtail's)."""

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page, Site

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
        site = Site.objects.filter(is_default_site=True).first()
        old_root = site.root_page if site else None
        if site:
            site.root_page = home
            site.site_name = site_name
            site.save()
        else:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name=site_name,
            )
        # Wagtail's own "Welcome" placeholder page is replaced by Quire's home page.
        if old_root and old_root.pk != home.pk and old_root.specific_class is Page:
            old_root.delete()
            home.refresh_from_db()

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
    return home
