from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "quire.articles"
    label = "articles"
    verbose_name = "Hubs and channels"
