from django.apps import AppConfig


class AudienceConfig(AppConfig):
    name = "quire.audience"
    label = "audience"
    verbose_name = "Audience"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401
