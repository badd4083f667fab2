from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from quire.editorial import roles

from . import admin_urls


@hooks.register("register_admin_urls")
def register_stats_admin_urls():
    return [path("statistics/", include(admin_urls, namespace="stats_admin"))]


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return roles.is_author(request.user)


@hooks.register("register_admin_menu_item")
def register_statistics_menu_item():
    return StatisticsMenuItem(
        "Statistics", reverse("stats_admin:statistics"), icon_name="chart", order=230
    )


@hooks.register("register_icons")
def register_chart_icon(icons):
    return [*icons, "stats/icons/chart.svg"]
