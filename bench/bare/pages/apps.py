from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "bench.bare.pages"
    label = "bare_pages"
