"""What each change refreshes: the one table of the page cache's invalidation.

=====================================  ==================================================
change                                 refreshes
=====================================  ==================================================
a hub published, unpublished, deleted  the hub, its channel's lists, its author's, the
or saved live                          site's lists (``tags.listed_page``); on a change
                                       of owner, the first author's too
a hub moved                            the same, and the channel it left
a hub featured or unfeatured           the same (a queryset update, announced by
                                       ``hub_featured_changed``)
a channel, the home or an info page    the page and the layout (the channel bar and the
                                       footer are on every page)
a draft saved or created, a page       nothing: readers see none of it
locked
a comment saved or deleted             its hub
a profile saved or deleted             the profile, every listing's cards, and each hub
                                       whose conversation shows the author
a picture changed or deleted           the layout (it may be on any page); a new one:
                                       nothing (it is on no page yet)
a site, a view restriction, a consent  the layout
service, an ad slot
a settings row changed                 the layout (created with its defaults: nothing)
a follow of an author made or undone   the author's follower count (on their profile)
a newsletter sent                      the author's profile (it lists them) and the
                                       newsletter's own page
a hub marked helpful or taken back     the hub (its count is at its foot)
=====================================  ==================================================

A change names its tags once; :func:`quire.pagecache.bump` bumps each tag of a
transaction once however many of these receivers name it. Every receiver is connected
here, in ``SiteConfig.ready``, with an explicit sender (this module is imported only
from there, once every app is loaded).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site, get_page_models
from wagtail.signals import post_page_move

from quire.articles.models import ArticlePage
from quire.audience.models import Follow, Newsletter, Reaction
from quire.authors.models import AuthorProfile
from quire.comments.models import Comment
from quire.consent.models import ConsentSettings, Service
from quire.core.compat import page_save_touches_readers
from quire.earnings.models import AdSlot, EarningsSettings
from quire.editorial.models import EditorialSettings
from quire.editorial.signals import hub_featured_changed
from quire.pagecache import bump
from quire.pagecache import tags as tag


def page_tags(page) -> list[str]:
    """The tags a change to ``page`` refreshes."""
    # Wagtail saves a moved page as a plain ``Page``.
    if isinstance(page, ArticlePage) or page.specific_class is ArticlePage:
        return tag.listed_page(page.pk, page.path, page.owner_id)
    return [tag.page(page.pk), tag.LAYOUT]


def _remember_owner(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """A hub handed to another author leaves the first author's profile too."""
    if raw or instance.pk is None:
        return
    if update_fields is not None and "owner" not in update_fields:
        return
    instance._quire_owner_before = (
        Page.objects.filter(pk=instance.pk).values_list("owner_id", flat=True).first()
    )


def _page_saved(sender, instance, raw=False, created=False, update_fields=None, **kwargs):
    """Publishing, unpublishing and moving a page each save it whole, so this one receiver
    sees them all; Wagtail's own signals for them come after and add nothing."""
    if raw or not page_save_touches_readers(update_fields) or (created and not instance.live):
        return
    tags = page_tags(instance)
    before = getattr(instance, "_quire_owner_before", None)
    if before and before != instance.owner_id:
        tags.append(tag.author(before))
    bump(*tags)


def _page_deleted(sender, instance, **kwargs) -> None:
    bump(*page_tags(instance))


def _page_moved(sender, instance, parent_page_before=None, **kwargs) -> None:
    """The move saved the page at its new place (``_page_saved``): the channel it left."""
    if parent_page_before is None:
        return
    left = tag.channel(parent_page_before.path)
    if left != tag.channel(instance.path):
        bump(left)


def _hub_featured(sender, hub, **kwargs) -> None:
    bump(*tag.listed_page(hub.pk, hub.path, hub.owner_id))


def _comment_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        bump(tag.page(instance.hub_id))


def _profile_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    # Their name and picture are also on every conversation they took part in.
    commented = Comment.objects.filter(user_id=instance.user_id).values_list("hub_id", flat=True)
    bump(*tag.profile(instance.user_id), *(tag.page(pk) for pk in commented.distinct()))


def _follow_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw and instance.author_id:
        bump(tag.audience(instance.author_id))


def _newsletter_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        bump(tag.audience(instance.author_id))


def _reaction_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        bump(tag.page(instance.hub_id))


def _image_changed(sender, instance, raw=False, created=False, **kwargs) -> None:
    if not raw and not created:
        bump(tag.LAYOUT)


def _layout_changed(sender, raw=False, **kwargs) -> None:
    if not raw:
        bump(tag.LAYOUT)


def _settings_changed(sender, raw=False, created=False, **kwargs) -> None:
    # A settings row is created with its defaults the first time a page reads it: what
    # the pages show does not change.
    if not raw and not created:
        bump(tag.LAYOUT)


def connect() -> None:
    pre_save.connect(_remember_owner, sender=ArticlePage, weak=False)
    for model in get_page_models():
        post_save.connect(_page_saved, sender=model, weak=False)
        post_delete.connect(_page_deleted, sender=model, weak=False)
        post_page_move.connect(_page_moved, sender=model, weak=False)
    hub_featured_changed.connect(_hub_featured, sender=ArticlePage, weak=False)

    for signal in (post_save, post_delete):
        signal.connect(_comment_changed, sender=Comment, weak=False)
        signal.connect(_profile_changed, sender=AuthorProfile, weak=False)
        signal.connect(_follow_changed, sender=Follow, weak=False)
        signal.connect(_reaction_changed, sender=Reaction, weak=False)
        signal.connect(_newsletter_changed, sender=Newsletter, weak=False)
        signal.connect(_image_changed, sender=get_image_model(), weak=False)
        for model in (Site, PageViewRestriction, Service, AdSlot):
            signal.connect(_layout_changed, sender=model, weak=False)
        for model in (ConsentSettings, EarningsSettings, EditorialSettings):
            signal.connect(_settings_changed, sender=model, weak=False)
