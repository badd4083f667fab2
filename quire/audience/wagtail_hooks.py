from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from quire.accounts import roles
from quire.accounts.deletion import DELETE_HOOK
from quire.accounts.export import EXPORT_HOOK
from quire.articles import sections
from quire.pagecache import tags as tag

from . import account, admin_views, selectors

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
        tags = (tag.audience(subject.user_id),)
        return [
            sections.PagePart(
                "audience/includes/profile_header.html",
                {"follower_count": lambda: selectors.follower_count(subject.user_id)},
                tags=tags,
            ),
            sections.PagePart(
                "audience/includes/profile_newsletters.html",
                {"newsletters": lambda: selectors.newsletters_of(subject.user_id)[:5]},
                tags=tags,
                place="after",
            ),
        ]
    if kind == sections.CHANNEL:
        return [sections.PagePart("audience/includes/channel_header.html")]
    return [sections.PagePart("audience/includes/script.html")]


@hooks.register("register_admin_urls")
def register_newsletter_admin_urls():
    return [path("newsletters/", include((admin_views.urls, "audience_admin")))]


class EditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return roles.is_editor(request.user)


@hooks.register("register_admin_menu_item")
def register_newsletters_menu_item():
    return EditorsMenuItem(
        "Newsletters", reverse("audience_admin:index"), icon_name="mail", order=260
    )
