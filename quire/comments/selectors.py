"""Reading comments: the thread under a hub, and the moderation queue."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.functional import cached_property

from .models import Comment

GUEST_SESSION_KEY = "quire_guest_comments"


def _visible_to(viewer, guest_ids: list[int]) -> Q:
    """Published comments, plus the viewer's own that are held: nobody loses their text."""
    visible = Q(status=Comment.Status.PUBLISHED)
    if viewer is not None and viewer.is_authenticated:
        visible |= Q(user_id=viewer.pk)
    if guest_ids:
        visible |= Q(pk__in=guest_ids)
    return visible


class _CountedPaginator(Paginator):
    """A paginator told its count, so it does not run a COUNT query of its own."""

    def __init__(self, object_list, per_page, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def thread_page(hub, viewer=None, page_number=1, guest_ids=None, per_page=None):
    """One page of top-level comments, newest first, each with its replies (oldest first)
    in ``comment.thread_replies``, and the hub's published total in ``page.total``.

    Three queries whatever the number of comments (one when there are none): both
    counts in one, the page, and the page's replies.
    """
    guest_ids = guest_ids or []
    visible = _visible_to(viewer, guest_ids)
    live_replies = Comment.objects.filter(
        parent=OuterRef("pk"), status=Comment.Status.PUBLISHED, deleted_at__isnull=True
    )
    # A deleted comment stays as a placeholder only while it has live replies.
    shown_top = (
        Q(parent__isnull=True) & visible & (Q(deleted_at__isnull=True) | Exists(live_replies))
    )
    counts = Comment.objects.filter(hub=hub).aggregate(
        total=Count("pk", filter=Q(status=Comment.Status.PUBLISHED, deleted_at__isnull=True)),
        top=Count("pk", filter=shown_top),
    )
    top = (
        Comment.objects.filter(hub=hub)
        .filter(shown_top)
        .select_related("user__author_profile")
        .order_by("-created_at", "-pk")
    )
    paginator = _CountedPaginator(top, per_page or settings.QUIRE_COMMENTS_PER_PAGE, counts["top"])
    page = paginator.get_page(page_number)
    page.total = counts["total"]
    comments = list(page.object_list)
    by_id = {c.pk: c for c in comments}
    for comment in comments:
        comment.thread_replies = []
    if by_id:
        # Only the (hub, parent) columns go to the database, so that every database picks
        # the (hub, parent, status) index whatever its statistics say; which replies the
        # viewer may see is decided here.
        replies = (
            Comment.objects.filter(hub=hub, parent_id__in=list(by_id), deleted_at__isnull=True)
            .select_related("user__author_profile")
            .order_by("created_at", "pk")
        )
        viewer_id = viewer.pk if viewer is not None and viewer.is_authenticated else None
        for reply in replies:
            if (
                reply.status == Comment.Status.PUBLISHED
                or (viewer_id is not None and reply.user_id == viewer_id)
                or reply.pk in guest_ids
            ):
                by_id[reply.parent_id].thread_replies.append(reply)
    page.object_list = comments
    return page


def moderation_queryset(user) -> QuerySet[Comment]:
    """The comments a person may moderate: all for site moderators, else their hubs'."""
    from .services import is_site_moderator

    qs = Comment.objects.select_related("hub", "user__author_profile", "parent")
    if is_site_moderator(user):
        return qs
    return qs.filter(hub__owner=user)
