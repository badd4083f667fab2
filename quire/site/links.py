"""What one feature's change means to another that cannot hear it itself, connected here
because only the site layer knows both:

- a hub featured by an editor (editorial) is news to its channel's followers and to its
  author (audience, below editorial);
- a published comment (comments) is a notification to the hub's author and, for a reply,
  to the writer of the comment it answers (audience, comments' sibling).
"""

from django.db.models.signals import post_save

from quire.articles.models import ArticlePage
from quire.audience import services as audience
from quire.audience.models import HubNotice, Notification
from quire.comments.models import Comment
from quire.editorial.signals import hub_featured_changed


def _hub_featured(sender, hub, featured, **kwargs) -> None:
    if not featured:
        return
    audience.hub_announce(hub, HubNotice.Audience.CHANNEL)
    audience.notify(
        hub.owner,
        Notification.Kind.FEATURED,
        f"featured:{hub.pk}",
        f"Your hub “{hub.title}” is featured: it is listed and indexed now.",
        hub.url or "",
    )


def _comment_saved(sender, instance, raw=False, **kwargs) -> None:
    """Told once per comment (the notification's key), whenever it is first published: at
    once, or when a moderator approves it."""
    if raw or not instance.is_published or instance.is_deleted:
        return
    hub = instance.hub
    name = instance.writer_name
    address = f"{hub.url or ''}#comment-{instance.pk}"
    if hub.owner_id and hub.owner_id != instance.user_id:
        audience.notify(
            hub.owner,
            Notification.Kind.COMMENT,
            f"comment:{instance.pk}",
            f"{name} commented on “{hub.title}”.",
            address,
        )
    parent = instance.parent
    if parent is not None and parent.user_id and parent.user_id != instance.user_id:
        audience.notify(
            parent.user,
            Notification.Kind.REPLY,
            f"reply:{instance.pk}",
            f"{name} replied to your comment on “{hub.title}”.",
            address,
        )


def connect() -> None:
    hub_featured_changed.connect(_hub_featured, sender=ArticlePage, weak=False)
    post_save.connect(_comment_saved, sender=Comment, weak=False)
