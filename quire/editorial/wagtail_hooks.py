from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component

from quire.accounts import roles
from quire.accounts.export import EXPORT_HOOK
from quire.accounts.menus import EditorsMenuItem
from quire.stats.selectors import recent_views

from . import account, admin_urls
from .scoping import scope_documents, scope_images, scope_pages, scoped_api_endpoint
from .selectors import author_hub_counts, author_hubs

# The person's hubs and the terms they accepted, in their data export (after comments).
hooks.register(EXPORT_HOOK, account.account_export, order=20)

# -- Authors see only their own work (see scoping.py for the whole list) --------------------


@hooks.register("construct_explorer_page_queryset")
def explorer_own_hubs(parent_page, pages, request):
    return scope_pages(pages, request.user)


@hooks.register("construct_page_chooser_queryset")
def chooser_own_hubs(pages, request):
    return scope_pages(pages, request.user)


@hooks.register("construct_admin_api", order=100)
def admin_api_own_work(router):
    # After Wagtail's own hooks (order 0), which add the image and document endpoints.
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page

    for model in (Page, get_image_model(), get_document_model()):
        if found := router.get_model_endpoint(model):
            name, endpoint = found
            router.register_endpoint(name, scoped_api_endpoint(endpoint))


@hooks.register("construct_image_chooser_queryset")
def chooser_own_images(images, request):
    images = scope_images(images, request.user)
    if request.GET.get("tag") and request.GET.get("q"):
        # Wagtail filters the chooser by tag through a join that the search backend then
        # refuses (a server error for any search within a tag): the same pictures, named
        # by id, which the backend can filter.
        images = (
            images.model.objects.filter(pk__in=images.values("pk"))
            .select_related("collection")
            .prefetch_renditions("max-165x165")
        )
    return images


@hooks.register("construct_document_chooser_queryset")
def chooser_own_documents(documents, request):
    return scope_documents(documents, request.user)


@hooks.register("construct_homepage_summary_items", order=100)
def summary_for_editors_only(request, items):
    # The summary counts every page and image of the site.
    if not roles.is_editor(request.user):
        items.clear()


@hooks.register("construct_reports_menu")
def reports_for_editors_only(request, items):
    if not roles.is_editor(request.user):
        items.clear()


# -- The author's dashboard -----------------------------------------------------------------


class YourHubsPanel(Component):
    name = "quire_your_hubs"
    template_name = "editorial/panels/your_hubs.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        hubs = author_hubs(self.user)
        views = recent_views(hub.pk for hub in hubs)
        for hub in hubs:
            hub.recent_views = views.get(hub.pk, 0)
        return {
            "hubs": hubs,
            "counts": author_hub_counts(self.user),
            "is_editor": roles.is_editor(self.user),
        }


@hooks.register("construct_homepage_panels")
def add_your_hubs_panel(request, panels):
    if roles.is_author(request.user):
        panels.insert(0, YourHubsPanel(request.user))


# -- Editors: featuring ---------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_editorial_admin_urls():
    return [path("editorial/", include(admin_urls, namespace="editorial_admin"))]


@hooks.register("register_admin_menu_item")
def register_featuring_menu_item():
    return EditorsMenuItem(
        "Featuring", reverse("editorial_admin:featuring"), icon_name="pick", order=240
    )


@hooks.register("register_log_actions")
def register_featuring_log_actions(actions):
    actions.register_action("quire.feature", "Feature", "Featured by an editor")
    actions.register_action("quire.unfeature", "Unfeature", "No longer featured")
