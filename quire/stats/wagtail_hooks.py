from django.urls import include, path, reverse
from wagtail import hooks

from quire.accounts.menus import AuthorsMenuItem

from . import admin_urls


@hooks.register("register_admin_urls")
def register_stats_admin_urls():
    return [path("statistics/", include(admin_urls, namespace="stats_admin"))]


@hooks.register("register_admin_menu_item")
def register_statistics_menu_item():
    return AuthorsMenuItem(
        "Statistics", reverse("stats_admin:statistics"), icon_name="chart", order=230
    )


@hooks.register("register_icons")
def register_chart_icon(icons):
    return [*icons, "stats/icons/chart.svg"]
