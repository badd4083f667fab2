from wagtail import hooks

from quire.accounts.deletion import DELETE_HOOK
from quire.accounts.export import EXPORT_HOOK
from quire.articles import sections
from quire.pagecache import tags as tag

from . import account, selectors

hooks.register(EXPORT_HOOK, account.account_export, order=40)
hooks.register(DELETE_HOOK, account.account_delete, order=15)

BUTTON = "audience/includes/byline_follow.html"


@hooks.register(sections.SECTIONS_HOOK)
def follow_and_helpful(hub, request, state):
    """Follow the author from the byline and the author box; "helpful" at the hub's foot.
    The same for every reader (they sit in the cached article): the count is read only
    when the article is rendered."""
    if not hub.owner_id:
        return []
    author = {"author_id": hub.owner_id}
    return [
        sections.HubSection(sections.BYLINE, BUTTON, author),
        sections.HubSection(sections.AUTHOR_BOX, BUTTON, author),
        sections.HubSection(
            sections.FOOTER,
            "audience/includes/hub_footer.html",
            {"hub_id": hub.pk, "helpful_count": lambda: selectors.reaction_count(hub.pk)},
            order=-10,
        ),
    ]


@hooks.register(sections.PAGE_PARTS_HOOK)
def follow_parts(kind, subject, request):
    if kind == sections.PROFILE:
        return [
            sections.PagePart(
                "audience/includes/profile_header.html",
                {"follower_count": lambda: selectors.follower_count(subject.user_id)},
                tags=(tag.followers(subject.user_id),),
            )
        ]
    if kind == sections.CHANNEL:
        return [sections.PagePart("audience/includes/channel_header.html")]
    return [sections.PagePart("audience/includes/script.html")]
