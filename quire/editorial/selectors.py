"""Reads for the author center and the editors' pages, each a fixed number of queries."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce
from wagtail.models import Page, TaskState, WorkflowState

from quire.articles.models import ArticlePage
from quire.comments.models import Comment

DRAFT = "draft"
IN_REVIEW = "in_review"
CHANGES_REQUESTED = "changes_requested"
PUBLISHED = "published"
FEATURED = "featured"
STATUS_LABELS = {
    DRAFT: "Draft",
    IN_REVIEW: "In review",
    CHANGES_REQUESTED: "Changes requested",
    PUBLISHED: "Published",
    FEATURED: "Featured",
}


def _page_key():
    return Cast(OuterRef("pk"), output_field=CharField())


def with_editorial_status(hubs):
    """Annotate hubs with their latest review's status and note, and their comment counts."""

    page_type = ContentType.objects.get_for_model(Page)
    reviews = WorkflowState.objects.filter(
        base_content_type=page_type, object_id=_page_key()
    ).order_by("-created_at", "-pk")
    change_notes = TaskState.objects.filter(
        workflow_state__base_content_type=page_type,
        workflow_state__object_id=_page_key(),
        status=TaskState.STATUS_REJECTED,
    ).order_by("-finished_at", "-pk")

    def comment_count(status_filter: Q):
        counted = (
            Comment.objects.filter(status_filter, hub=OuterRef("pk"))
            .order_by()
            .values("hub")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    return hubs.annotate(
        review_status=Subquery(reviews.values("status")[:1]),
        review_note=Subquery(change_notes.values("comment")[:1]),
        published_comments=comment_count(Q(status="published")),
        pending_comments=comment_count(Q(status="pending")),
    )


def editorial_status(hub) -> str:
    review = getattr(hub, "review_status", None)
    if review == WorkflowState.STATUS_IN_PROGRESS:
        return IN_REVIEW
    if review == WorkflowState.STATUS_NEEDS_CHANGES:
        return CHANGES_REQUESTED
    if hub.live:
        return FEATURED if hub.featured else PUBLISHED
    return DRAFT


def author_hubs(user, limit: int = 50) -> list:
    """The author's hubs, last edited first, with status and counts: one query."""

    hubs = with_editorial_status(
        ArticlePage.objects.filter(owner=user)
        .defer("body")
        .order_by("-latest_revision_created_at", "-pk")
    )[:limit]
    hubs = list(hubs)
    for hub in hubs:
        hub.status = editorial_status(hub)
        hub.status_label = STATUS_LABELS[hub.status]
    return hubs


def author_hub_counts(user) -> dict[str, int]:
    """How many of the author's hubs are drafts, published, featured: one query."""

    return ArticlePage.objects.filter(owner=user).aggregate(
        total=Count("pk"),
        published=Count("pk", filter=Q(live=True)),
        featured=Count("pk", filter=Q(live=True, featured=True)),
    )
