from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "quire.search"
    label = "quire_search"
    verbose_name = "Search"
