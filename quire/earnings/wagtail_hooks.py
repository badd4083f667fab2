from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from quire.editorial.menus import AuthorsMenuItem

from . import admin_urls
from .models import AdSlot
from .services import MANAGE


@hooks.register("register_admin_urls")
def register_earnings_admin_urls():
    return [path("earnings/", include(admin_urls, namespace="earnings_admin"))]


class OperatorsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(MANAGE)


@hooks.register("register_admin_menu_item")
def register_earnings_menu_item():
    return AuthorsMenuItem("Earnings", reverse("earnings_admin:mine"), icon_name="tag", order=235)


@hooks.register("register_settings_menu_item")
def register_revenue_menu_item():
    return OperatorsMenuItem(
        "Ad revenue", reverse("earnings_admin:revenue"), icon_name="tag", order=860
    )


@hooks.register("register_settings_menu_item")
def register_payouts_menu_item():
    return OperatorsMenuItem(
        "Payouts", reverse("earnings_admin:payouts"), icon_name="tag", order=870
    )


class AdSlotViewSet(ModelViewSet):
    """Settings → Ad slots: where ads go and what fills them (operators)."""

    model = AdSlot
    icon = "tag"
    menu_label = "Ad slots"
    name = "ad_slots"
    add_to_settings_menu = True
    menu_order = 855
    list_display = ["position", "enabled", "network"]
    form_fields = [
        "position",
        "enabled",
        "after_capsule",
        "network",
        "code",
        "house_image",
        "house_alt",
        "house_link",
    ]


@hooks.register("register_admin_viewset")
def register_ad_slot_viewset():
    return AdSlotViewSet()
