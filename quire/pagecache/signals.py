"""What each change refreshes. Every receiver only names tags; ``bump`` does the rest."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import bump
from .tags import hub_tags, page_tags, profile_tags


@receiver(pre_save)
def _remember_owner(sender, instance, raw=False, **kwargs) -> None:
    """A hub handed to another author leaves the first author's profile too."""
    if raw or not isinstance(instance, Page) or instance.pk is None:
        return
    fields = kwargs.get("update_fields")
    if fields is not None and "owner" not in fields:
        return
    instance._quire_owner_before = (
        Page.objects.filter(pk=instance.pk).values_list("owner_id", flat=True).first()
    )


@receiver(post_save)
@receiver(post_delete)
def _page_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw or not isinstance(instance, Page):
        return
    tags = page_tags(instance)
    before = getattr(instance, "_quire_owner_before", None)
    if before and before != instance.owner_id:
        tags.append(f"author:{before}")
    bump(*tags)


@receiver(page_published)
@receiver(page_unpublished)
def _page_published(sender, instance, **kwargs) -> None:
    bump(*page_tags(instance))


@receiver(post_page_move)
def _page_moved(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs):
    tags = page_tags(instance)
    for parent in (parent_page_before, parent_page_after):
        if parent is not None:
            tags.append(f"tree:{parent.path}")
    bump(*tags)


def _comment_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        bump(f"page:{instance.hub_id}")


def _profile_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    from quire.comments.models import Comment

    # Their name and picture are also on every conversation they took part in.
    commented = Comment.objects.filter(user_id=instance.user_id).values_list("hub_id", flat=True)
    bump(*profile_tags(instance.user_id), *{f"page:{pk}" for pk in commented.distinct()})


def _image_changed(sender, instance, raw=False, created=False, **kwargs) -> None:
    # A new picture is on no page yet; a changed or deleted one may be on any.
    if not raw and not created:
        bump("layout")


def _layout_changed(sender, raw=False, **kwargs) -> None:
    if not raw:
        bump("layout")


def _settings_changed(sender, raw=False, created=False, **kwargs) -> None:
    # A settings row is created with its defaults the first time a page reads it: what
    # the pages show does not change.
    if not raw and not created:
        bump("layout")


def _featured_changed(sender, hub, **kwargs) -> None:
    # Written with a queryset update, which sends no save signal.
    bump(*hub_tags(hub))


def connect() -> None:
    from quire.authors.models import AuthorProfile
    from quire.comments.models import Comment
    from quire.consent.models import ConsentSettings, Service
    from quire.earnings.models import AdSlot, EarningsSettings
    from quire.editorial.models import EditorialSettings
    from quire.editorial.signals import hub_featured_changed

    hub_featured_changed.connect(_featured_changed, weak=False)

    for signal in (post_save, post_delete):
        signal.connect(_comment_changed, sender=Comment, weak=False)
        signal.connect(_profile_changed, sender=AuthorProfile, weak=False)
        signal.connect(_image_changed, sender=get_image_model(), weak=False)
        for model in (Site, PageViewRestriction, Service, AdSlot):
            signal.connect(_layout_changed, sender=model, weak=False)
        for model in (ConsentSettings, EarningsSettings, EditorialSettings):
            signal.connect(_settings_changed, sender=model, weak=False)
