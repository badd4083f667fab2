"""Keeping the editorial state right when pages change."""

import django.dispatch
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import WorkflowState
from wagtail.signals import page_published, workflow_submitted

from quire.accounts import roles
from quire.articles.models import ArticlePage, ChannelPage

# Sent when an editor features or unfeatures a hub (kwargs: hub, featured).
hub_featured_changed = django.dispatch.Signal()


@receiver(post_save, sender=ChannelPage)
def open_new_channel(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        from .services import channel_open_to_writers

        channel_open_to_writers(instance)


@receiver(page_published, sender=ArticlePage)
def reassess_featured(sender, instance, revision=None, **kwargs) -> None:
    """A featured hub published again with changes goes back for assessment (a setting)."""
    if not instance.featured:
        return
    from .models import EditorialSettings

    if not EditorialSettings.load().reassess_featured_on_edit:
        return
    ArticlePage.objects.filter(pk=instance.pk).update(featured=False, featured_at=None)
    instance.featured, instance.featured_at = False, None
    hub_featured_changed.send(sender=ArticlePage, hub=instance, featured=False)


@receiver(workflow_submitted, sender=WorkflowState)
def trusted_author_approval(sender, instance, user=None, **kwargs) -> None:
    """With the setting on, a trusted author's submission is approved at once."""
    from .models import EditorialSettings

    if user is None or not roles.is_trusted_author(user):
        return
    if not EditorialSettings.load().trusted_authors_publish:
        return
    task_state = instance.current_task_state
    if task_state is not None:
        task_state.approve(user=user, comment="Trusted author: published without review.")


@receiver(hub_featured_changed, sender=ArticlePage)
def email_featured_author(sender, hub, featured: bool, **kwargs) -> None:
    if featured:
        from django.db import transaction

        from .tasks import notify_hub_featured

        transaction.on_commit(lambda: notify_hub_featured.enqueue(hub.pk))
