from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "quire.consent"
    label = "consent"
    verbose_name = "Privacy and consent"

    def ready(self) -> None:
        from . import signals  # noqa: F401
