from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from quire.accounts.deletion import DELETE_HOOK
from quire.accounts.export import EXPORT_HOOK
from quire.articles import sections

from . import account, admin_urls
from .views import section_fragment

hooks.register(EXPORT_HOOK, account.account_export, order=10)
hooks.register(DELETE_HOOK, account.account_delete, order=20)


@hooks.register(sections.SECTIONS_HOOK)
def comment_section(hub, request, state):
    """The conversation under the hub; ``state`` holds a rejected comment's form and error
    when the hub is shown again for it."""
    form = state.get("comment_form")
    return [
        sections.HubSection(
            sections.AFTER,
            "comments/includes/section.html",
            {"comment_error": state.get("comment_error")},
            fragment=section_fragment(request, hub, form),
        )
    ]


@hooks.register("register_admin_urls")
def register_comment_admin_urls():
    return [path("comments/", include(admin_urls, namespace="comments_admin"))]


@hooks.register("register_admin_menu_item")
def register_comments_menu_item():
    # Everyone with editor access has comments to look after: their own hubs' at least.
    return MenuItem("Comments", reverse("comments_admin:index"), icon_name="comment", order=250)
