from django.urls import include, path, reverse
from wagtail import hooks

from quire.accounts.menus import AuthorsMenuItem

from . import admin_urls


@hooks.register("register_admin_urls")
def register_imports_admin_urls():
    return [path("imports/", include(admin_urls, namespace="imports_admin"))]


@hooks.register("register_admin_menu_item")
def register_imports_menu_item():
    return AuthorsMenuItem("Import", reverse("imports_admin:index"), icon_name="upload", order=238)
