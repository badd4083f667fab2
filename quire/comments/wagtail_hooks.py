from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls


@hooks.register("register_admin_urls")
def register_comment_admin_urls():
    return [path("comments/", include(admin_urls, namespace="comments_admin"))]


@hooks.register("register_admin_menu_item")
def register_comments_menu_item():
    # Everyone with editor access has comments to look after: their own hubs' at least.
    return MenuItem("Comments", reverse("comments_admin:index"), icon_name="comment", order=250)
