"""Every change to comments: post, edit, delete, flag, moderate.

Each function checks permission first and raises :class:`CommentError` with a message
the person can read. Notifications go to the task queue after the transaction commits.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from quire.core.errors import UserError
from quire.core.params import MAX_ID

from . import tasks
from .models import Comment, CommentFlag, CommentPreferences
from .spam import Action, Signal, SpamContext, assess, classifier
from .text import char_count, clean, fingerprint, too_large


class CommentError(UserError):
    """A comment could not be posted or changed; the message says why, and ``field``
    names the form field it is about (None: the comment as a whole)."""


def validate_text(raw: str) -> str:
    """Clean the text and enforce the limits; returns what will be stored.

    Text too large to be within the limit is refused by its size before it is counted."""
    raw = raw or ""
    limit = settings.QUIRE_COMMENT_MAX_CHARS
    if too_large(raw, limit):
        raise CommentError(
            f"Your comment is far too long to post: comments are limited to {limit} characters.",
            field="text",
        )
    text = clean(raw)
    count = char_count(text)
    if count > limit:
        raise CommentError(
            f"Comments are limited to {limit} characters (yours has {count}).", field="text"
        )
    text = text.strip()
    if not text:
        raise CommentError("Your comment is empty. Write something before posting.", field="text")
    return text


def may_post(user) -> bool:
    """Whether this person may post at all: signed in, or a guest where guests may comment."""
    signed_in = user is not None and user.is_authenticated
    return signed_in or settings.QUIRE_COMMENTS_ALLOW_GUESTS


def can_moderate(user, hub) -> bool:
    """The hub's author moderates its comments; site moderators moderate all of them."""
    if not user.is_authenticated or not user.is_active:
        return False
    return (
        user.is_superuser or user.has_perm("comments.moderate_comment") or (hub.owner_id == user.pk)
    )


def is_site_moderator(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("comments.moderate_comment"))


def preferences_for(user) -> CommentPreferences:
    prefs, _ = CommentPreferences.objects.get_or_create(user=user)
    return prefs


def _holds_for_approval(user_id: int) -> bool:
    return CommentPreferences.objects.filter(user_id=user_id, hold_for_approval=True).exists()


def _check_hub(hub) -> None:
    if not hub.live:
        raise CommentError("This hub is not published, so it cannot take comments.")
    if not hub.comments_open:
        raise CommentError("Comments are closed on this hub.")


def reply_target(hub, comment_id: int | None) -> Comment | None:
    """The comment on ``hub`` that may be replied to: published and not deleted. One rule
    for the form that shows "Replying to …" and for the reply that is posted."""
    if not comment_id or not 0 < comment_id <= MAX_ID:
        return None
    return (
        Comment.objects.filter(
            pk=comment_id, hub_id=hub.pk, status=Comment.Status.PUBLISHED, deleted_at__isnull=True
        )
        .select_related("user__author_profile", "parent")
        .first()
    )


def _resolve_parent(hub, parent_id: int | None) -> Comment | None:
    if not parent_id:
        return None
    target = reply_target(hub, parent_id)
    if target is None:
        raise CommentError("The comment you are replying to has been removed.")
    # Threads are one level deep: a reply to a reply joins its parent's thread.
    return target.parent or target


def _notify_after_commit(comment: Comment, *, new: bool) -> None:
    hub = comment.hub
    writer_is_author = comment.user_id is not None and comment.user_id == hub.owner_id
    if new and comment.status != Comment.Status.SPAM and not writer_is_author:
        transaction.on_commit(lambda: tasks.notify_hub_author.enqueue(comment.pk))
    if comment.is_published and comment.parent_id:
        transaction.on_commit(lambda: tasks.notify_reply.enqueue(comment.pk))


def comment_post(
    *,
    hub,
    user,
    text: str,
    parent_id: int | None = None,
    guest_name: str = "",
    guest_email: str = "",
    ip_address: str | None = None,
    honeypot: str = "",
    form_token: str = "",
) -> Comment:
    _check_hub(hub)
    # Who may post is settled before the text is looked at.
    if not may_post(user):
        raise CommentError("Sign in or sign up to comment.")
    signed_in = user is not None and user.is_authenticated
    if not signed_in:
        guest_name = " ".join(guest_name.split())
        if not guest_name or not guest_email:
            raise CommentError("Give your name and email address to comment as a guest.")
    text = validate_text(text)
    parent = _resolve_parent(hub, parent_id)
    now = timezone.now()
    trusted = signed_in and can_moderate(user, hub)
    verdict = assess(
        SpamContext(
            text=text,
            hub_id=hub.pk,
            user_id=user.pk if signed_in else None,
            ip_address=ip_address,
            honeypot=honeypot,
            form_token=form_token,
            now=now,
            trusted=trusted,
        )
    )
    if verdict.refused:
        raise CommentError(verdict.refused.reason)
    reasons = verdict.reasons()
    if trusted:
        status = Comment.Status.PUBLISHED
    elif verdict.is_spam:
        status = Comment.Status.SPAM
    elif verdict.is_held:
        status = Comment.Status.PENDING
    elif hub.owner_id and _holds_for_approval(hub.owner_id):
        status = Comment.Status.PENDING
        reasons.append(
            Signal("approval", Action.HOLD, "The author approves comments first.").as_dict()
        )
    else:
        status = Comment.Status.PUBLISHED
    with transaction.atomic():
        comment = Comment.objects.create(
            hub=hub,
            parent=parent,
            user=user if signed_in else None,
            guest_name="" if signed_in else guest_name,
            guest_email="" if signed_in else guest_email,
            text=text,
            text_hash=fingerprint(text),
            status=status,
            created_at=now,
            ip_address=ip_address,
            spam_score=verdict.score,
            spam_reasons=reasons,
        )
        _notify_after_commit(comment, new=True)
    return comment


def _check_writer(comment: Comment, user) -> None:
    if not user.is_authenticated or comment.user_id != user.pk:
        raise CommentError("Only the person who wrote this comment can change it.")
    if comment.is_deleted:
        raise CommentError("This comment has been deleted.")


def edit_deadline(comment: Comment):
    return comment.created_at + timedelta(minutes=settings.QUIRE_COMMENT_EDIT_MINUTES)


def can_edit(comment: Comment, user) -> bool:
    return (
        user.is_authenticated
        and comment.user_id == user.pk
        and not comment.is_deleted
        and timezone.now() <= edit_deadline(comment)
    )


def comment_edit(*, comment: Comment, user, text: str) -> Comment:
    _check_writer(comment, user)
    if timezone.now() > edit_deadline(comment):
        minutes = settings.QUIRE_COMMENT_EDIT_MINUTES
        raise CommentError(f"Comments can be edited for {minutes} minutes after posting.")
    text = validate_text(text)
    verdict = assess(
        SpamContext(
            text=text,
            hub_id=comment.hub_id,
            user_id=user.pk,
            trusted=True,
            exclude_comment_id=comment.pk,
        )
    )
    if verdict.refused:
        raise CommentError(verdict.refused.reason)
    comment.text = text
    comment.text_hash = fingerprint(text)
    comment.edited_at = timezone.now()
    comment.spam_score = verdict.score
    if verdict.signals and not can_moderate(user, comment.hub):
        comment.spam_reasons = [*comment.spam_reasons, *verdict.reasons()]
        if comment.status == Comment.Status.PUBLISHED:
            comment.status = Comment.Status.SPAM if verdict.is_spam else Comment.Status.PENDING
    comment.save()
    return comment


def comment_delete(*, comment: Comment, user) -> None:
    """The writer deletes their comment: the text is erased at once. A placeholder stays
    in the thread when others have replied to it."""
    _check_writer(comment, user)
    comment.deleted_at = timezone.now()
    comment.text = ""
    comment.text_hash = ""
    comment.save(update_fields=["deleted_at", "text", "text_hash"])


def comment_flag(*, comment: Comment, user, reason: str) -> Comment:
    if not user.is_authenticated:
        raise CommentError("Sign in to flag a comment.")
    if reason not in CommentFlag.Reason.values:
        raise CommentError("Choose why you are flagging this comment.")
    if comment.user_id == user.pk:
        raise CommentError("You cannot flag your own comment.")
    if comment.is_deleted or not comment.is_published:
        raise CommentError("This comment is not published.")
    with transaction.atomic():
        _, created = CommentFlag.objects.update_or_create(
            comment=comment, user=user, defaults={"reason": reason}
        )
        if not created:
            return comment
        comment.flag_count = CommentFlag.objects.filter(comment=comment).count()
        fields = ["flag_count"]
        threshold = settings.QUIRE_COMMENT_FLAGS_TO_HOLD
        if comment.flag_count >= threshold and comment.is_published:
            comment.status = Comment.Status.PENDING
            comment.spam_reasons = [
                *comment.spam_reasons,
                Signal("flags", Action.HOLD, f"Flagged by {comment.flag_count} readers.").as_dict(),
            ]
            fields += ["status", "spam_reasons"]
        comment.save(update_fields=fields)
    return comment


MODERATION_ACTIONS = {
    "approve": "Approve",
    "reject": "Reject",
    "spam": "Mark as spam",
    "not_spam": "Not spam",
}


def comment_moderate(*, comment: Comment, user, action: str) -> Comment:
    """Approve, reject, mark as spam or not spam; spam decisions teach the classifier."""
    if not can_moderate(user, comment.hub):
        raise CommentError("You can only moderate comments on your own hubs.")
    if action not in MODERATION_ACTIONS:
        raise CommentError("Unknown moderation action.")
    was_published = comment.is_published
    with transaction.atomic():
        if action == "spam":
            comment.status = Comment.Status.SPAM
            if comment.text:
                classifier.relearn(comment, "spam")
        elif action == "reject":
            comment.status = Comment.Status.REJECTED
        else:
            comment.status = Comment.Status.PUBLISHED
            if comment.text and (action == "not_spam" or comment.learned_as == "spam"):
                classifier.relearn(comment, "ham")
            # Reviewed and kept: earlier flags are settled, new ones start from zero.
            comment.flags.all().delete()
            comment.flag_count = 0
        comment.moderated_at = timezone.now()
        comment.moderated_by = user
        comment.save(update_fields=["status", "moderated_at", "moderated_by", "flag_count"])
        if comment.is_published and not was_published and comment.parent_id:
            transaction.on_commit(lambda: tasks.notify_reply.enqueue(comment.pk))
    return comment
