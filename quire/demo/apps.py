from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "quire.demo"
    label = "quire_demo"
    verbose_name = "Demo content"
