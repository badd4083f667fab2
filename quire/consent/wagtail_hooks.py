from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from quire.articles import sections

from . import admin_views
from .models import Service
from .selectors import allow_embeds_in_policy


@hooks.register(sections.FRAMES_HOOK)
def allow_hub_frames(response, services, frames_self):
    allow_embeds_in_policy(response, services, also_self=frames_self)


class ServiceViewSet(SnippetViewSet):
    model = Service
    icon = "lock"
    menu_label = "Privacy: services"
    menu_order = 800
    add_to_admin_menu = False
    list_display = ["name", "category", "enabled", "first_party"]
    list_filter = ["category", "enabled"]
    search_fields = ["name", "purpose"]
    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("key"), FieldPanel("category"), FieldPanel("enabled")],
            "Service",
        ),
        FieldPanel("purpose"),
        FieldPanel("provider"),
        FieldPanel("privacy_policy_url"),
        FieldPanel("hosts"),
        FieldPanel("sets_cookies"),
        FieldPanel("first_party"),
        FieldPanel("order"),
    ]


register_snippet(ServiceViewSet)


@hooks.register("register_admin_urls")
def register_consent_admin_urls():
    return [
        path("consent-records/", admin_views.records, name="consent_records"),
        path("consent-records/export/", admin_views.export, name="consent_records_export"),
    ]


class ConsentRecordsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("consent.view_consentrecord")


@hooks.register("register_settings_menu_item")
def register_consent_records_menu_item():
    return ConsentRecordsMenuItem(
        "Consent records", reverse("consent_records"), icon_name="list-ul", order=900
    )
