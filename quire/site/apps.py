from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The top layer: it composes the features below it into the site (what each change
    refreshes, the hub page's sections, account export and deletion, the URLs)."""

    name = "quire.site"
    label = "quire_site"
    verbose_name = "Site"

    def ready(self) -> None:
        from . import links, refresh

        refresh.connect()
        links.connect()
