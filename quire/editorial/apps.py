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
