from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "quire.core"
    label = "quire_core"
    verbose_name = "Quire"

    def ready(self) -> None:
        from . import converters
        from .images import pillow_limit_apply

        converters.register()
        pillow_limit_apply()
