"""The same text twice: a double post by one writer is refused; the same longer text
posted elsewhere on the site recently is how comment spam campaigns look, so it is held."""

from datetime import timedelta

from quire.comments.text import char_count, fingerprint

from . import Action, Signal, SpamContext

# Short replies ("Thank you!") are legitimately repeated.
MIN_CHARS = 40
CAMPAIGN_WINDOW = timedelta(days=30)


def check(context: SpamContext) -> Signal | None:
    from quire.comments.models import Comment

    same = Comment.objects.filter(
        text_hash=fingerprint(context.text), deleted_at__isnull=True
    ).exclude(pk=context.exclude_comment_id)
    mine = same.none()
    if context.user_id is not None:
        mine = same.filter(user_id=context.user_id)
    elif context.ip_address:
        mine = same.filter(ip_address=context.ip_address)
    if mine.filter(hub_id=context.hub_id).exists():
        return Signal(
            "duplicate", Action.REFUSE, "You have already posted this comment on this hub."
        )
    # A prefix is enough to know the text is long: the whole was counted once already.
    if len(context.text) >= MIN_CHARS and char_count(context.text[: MIN_CHARS * 16]) >= MIN_CHARS:
        elsewhere = same.filter(created_at__gte=context.now - CAMPAIGN_WINDOW).count()
        if elsewhere:
            return Signal(
                "duplicate",
                Action.HOLD,
                f"The same text was posted {elsewhere} time(s) in the last 30 days.",
            )
    return None
