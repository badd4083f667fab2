"""sitemap.xml: an index of sections, each paged at 50,000 addresses."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef, Subquery

from quire.articles.models import ArticlePage, ChannelPage
from quire.authors.models import AuthorProfile


class HubSitemap(Sitemap):
    limit = 50_000

    def items(self):
        # Featured hubs only: the others are published with robots "noindex".
        return (
            ArticlePage.objects.live()
            .public()
            .filter(featured=True)
            .only("pk", "url_path", "path", "last_published_at")
            .order_by("pk")
        )

    def location(self, hub):
        return hub.url

    def lastmod(self, hub):
        return hub.last_published_at

    def get_latest_lastmod(self):
        # One aggregate, not a walk over every hub (the index shows it for the section).
        return (
            ArticlePage.objects.live()
            .public()
            .filter(featured=True)
            .aggregate(m=Max("last_published_at"))["m"]
        )


class ChannelSitemap(Sitemap):
    def location(self, channel):
        return channel.url

    def items(self):
        # Each channel with the time of its newest publication, in one query.
        newest = (
            ArticlePage.objects.live()
            .filter(path__startswith=OuterRef("path"))
            .order_by("-last_published_at")
            .values("last_published_at")[:1]
        )
        return (
            ChannelPage.objects.live().public().annotate(newest=Subquery(newest)).order_by("path")
        )

    def lastmod(self, channel):
        return max(filter(None, [channel.newest, channel.last_published_at]), default=None)

    def get_latest_lastmod(self):
        return HubSitemap().get_latest_lastmod()


class AuthorSitemap(Sitemap):
    limit = 50_000

    def items(self):
        published = ArticlePage.objects.live().filter(owner_id=OuterRef("user_id"))
        newest = published.order_by("-last_published_at").values("last_published_at")[:1]
        return (
            AuthorProfile.objects.filter(Exists(published))
            .annotate(newest=Subquery(newest))
            .order_by("pk")
        )

    def location(self, profile):
        return profile.get_absolute_url()

    def lastmod(self, profile):
        return profile.newest

    def get_latest_lastmod(self):
        return HubSitemap().get_latest_lastmod()


SITEMAPS = {"hubs": HubSitemap, "channels": ChannelSitemap, "authors": AuthorSitemap}
