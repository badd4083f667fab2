from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from quire.accounts.deletion import BLOCKER_HOOK, DELETE_HOOK
from quire.accounts.menus import AuthorsMenuItem
from quire.articles import sections
from quire.articles.selectors import channel_for_path
from quire.stats.services import BEACONS_HOOK

from . import account, admin_urls, impressions
from .models import AdSlot
from .selectors import slots_for_hub
from .services import MANAGE

hooks.register(BEACONS_HOOK, impressions.impressions_count)
hooks.register(BLOCKER_HOOK, account.deletion_blocker)
# The money records pass to the former author last, after the hubs and comments.
hooks.register(DELETE_HOOK, account.account_delete, order=30)

# Where each slot goes on a hub's page.
SLOT_PLACES = {
    AdSlot.IN_ARTICLE: sections.BODY,
    AdSlot.SIDEBAR: sections.ASIDE,
    AdSlot.BELOW: sections.FOOTER,
}


@hooks.register(sections.SECTIONS_HOOK)
def ad_slot_sections(hub, request, state):
    """The hub's ad slots; a network's frame is a page of the site's own (sandboxed)."""
    return [
        sections.HubSection(
            SLOT_PLACES[position],
            "earnings/includes/ad_slot.html",
            {"slot": slot},
            after_capsule=slot.after_capsule if position == AdSlot.IN_ARTICLE else None,
            frames_self=bool(slot.network),
        )
        for position, slot in slots_for_hub(hub, channel_for_path(hub.path)).items()
    ]


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
