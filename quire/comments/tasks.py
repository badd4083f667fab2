"""Background work for comments: notification emails, never sent inside a request.

Preferences are read when the task runs, so turning emails off stops queued ones too.
"""

from django.conf import settings
from django_tasks import task

from quire.core.mail import send_templated_mail


def _hub_link(comment) -> str:
    return f"{settings.WAGTAILADMIN_BASE_URL}{comment.hub.get_url()}#comment-{comment.pk}"


def _wants(user, preference: str) -> bool:
    from .models import CommentPreferences

    prefs = CommentPreferences.objects.filter(user=user).first()
    return getattr(prefs, preference) if prefs else True


@task()
def notify_hub_author(comment_id: int) -> bool:
    """Tell a hub's author about a new comment, or one waiting for their approval."""
    from .models import Comment

    comment = Comment.objects.select_related("hub__owner", "user").filter(pk=comment_id).first()
    if comment is None or comment.is_deleted or comment.status == Comment.Status.SPAM:
        return False
    author = comment.hub.owner
    if author is None or not author.email or not author.is_active:
        return False
    if comment.user_id == author.pk or not _wants(author, "email_on_comment"):
        return False
    send_templated_mail(
        "comments/email/new_comment.txt",
        author.email,
        {
            "comment": comment,
            "hub": comment.hub,
            "link": _hub_link(comment),
            "moderation_link": f"{settings.WAGTAILADMIN_BASE_URL}/admin/comments/",
        },
    )
    return True


@task()
def notify_reply(comment_id: int) -> bool:
    """Tell a commenter that someone replied to them."""
    from .models import Comment

    reply = (
        Comment.objects.select_related("hub", "parent__user", "user").filter(pk=comment_id).first()
    )
    if reply is None or reply.parent is None or not reply.is_published or reply.is_deleted:
        return False
    parent = reply.parent
    recipient = parent.user
    # Guests are never emailed: anyone can type any address into a guest form.
    if recipient is None or not recipient.is_active or not recipient.email:
        return False
    if reply.user_id == recipient.pk or not _wants(recipient, "email_on_reply"):
        return False
    address = recipient.email
    send_templated_mail(
        "comments/email/reply.txt",
        address,
        {"reply": reply, "parent": parent, "hub": reply.hub, "link": _hub_link(reply)},
    )
    return True
