from django.apps import AppConfig


class AuthorsConfig(AppConfig):
    name = "quire.authors"
    label = "authors"
    verbose_name = "Authors"

    def ready(self) -> None:
        from . import signals  # noqa: F401
