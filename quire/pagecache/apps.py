from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "quire.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"
