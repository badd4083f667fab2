from django.apps import AppConfig


class FeedsConfig(AppConfig):
    """RSS and Atom feeds of the site, its channels and its authors, and the sitemaps."""

    name = "quire.feeds"
    label = "quire_feeds"
    verbose_name = "Feeds and sitemaps"
