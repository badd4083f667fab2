"""What the comments app adds to a person's data export (their comments and comment
preferences) and does when they delete their account (keeps their comments, signed
"Deleted user", or removes them). Registered in wagtail_hooks.py."""

from django.conf import settings
from django.utils import timezone

from quire.accounts.deletion import COMMENTS_REMOVE, DeletionReport
from quire.accounts.export import Export, iso
from quire.pagecache import bump
from quire.pagecache import tags as tag

from .models import Comment, CommentPreferences


def account_export(user, export: Export) -> None:
    prefs = CommentPreferences.objects.filter(user=user).first()
    export.account["comment_preferences"] = (
        {
            "hold_for_approval": prefs.hold_for_approval,
            "email_on_comment": prefs.email_on_comment,
            "email_on_reply": prefs.email_on_reply,
        }
        if prefs
        else None
    )
    comments = Comment.objects.filter(user=user).select_related("hub").order_by("created_at")
    export.add_json(
        "comments.json",
        [
            {
                "id": c.pk,
                "hub": c.hub.title,
                "address": f"{settings.WAGTAILADMIN_BASE_URL}{c.hub.url}#comment-{c.pk}"
                if c.hub.live
                else None,
                "reply_to": c.parent_id,
                "text": c.text,
                "status": c.get_status_display(),
                "written": iso(c.created_at),
                "edited": iso(c.edited_at),
                "deleted": iso(c.deleted_at),
            }
            for c in comments.iterator()
        ],
        "every comment you wrote, with the hub it is on",
    )


def account_delete(user, choices: dict, report: DeletionReport) -> None:
    """A removed comment that others answered leaves the usual "deleted by its writer"
    placeholder, so their replies keep their place."""
    mine = Comment.objects.filter(user=user)
    # Updated in bulk, which sends no signal: the hubs' cached pages are refreshed here.
    bump(*{tag.page(hub_id) for hub_id in mine.values_list("hub_id", flat=True)})
    if choices["comments"] == COMMENTS_REMOVE:
        answered = list(mine.filter(replies__isnull=False).values_list("pk", flat=True))
        report.comments_removed = mine.count()
        Comment.objects.filter(pk__in=answered).update(
            text="", text_hash="", deleted_at=timezone.now(), ip_address=None, user=None
        )
        Comment.objects.filter(user=user).delete()
    else:
        report.comments_kept = mine.update(
            user=None, guest_name="", guest_email="", ip_address=None
        )
