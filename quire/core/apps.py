from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "quire.core"
    label = "quire_core"
    verbose_name = "Quire"
