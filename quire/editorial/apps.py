from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "quire.editorial"
    label = "editorial"
    verbose_name = "Editorial review"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401
        from .scoping import scope_bulk_actions, scope_page_listing_filters

        scope_page_listing_filters()
        scope_bulk_actions()
        hub_editor_attach()


def hub_editor_attach() -> None:
    """What the editorial app adds to the hub's editor, which the hub tree below it does not
    know: the pre-checks panel at the top, the form that refuses a submission failing them,
    and the permission tester that keeps authors to their own work. Set once, before
    Wagtail first builds the editor."""
    # Import here: apps.py is read before any model may be.
    from quire.articles.models import ArticlePage

    from .forms import HubAdminForm, PrecheckPanel
    from .scoping import HubPermissionTester

    if getattr(ArticlePage, "base_form_class", None) is not HubAdminForm:
        ArticlePage.content_panels = [
            PrecheckPanel(heading="Checks before review"),
            *ArticlePage.content_panels,
        ]
    ArticlePage.base_form_class = HubAdminForm
    ArticlePage.permission_tester_class = HubPermissionTester
