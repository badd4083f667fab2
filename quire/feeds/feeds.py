"""RSS 2.0 and Atom feeds: the whole site, each channel, each author."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from quire.articles.models import ChannelPage
from quire.articles.selectors import (
    hubs_by_author,
    hubs_in_channel,
    latest_hubs,
    with_channels,
)
from quire.authors.models import AuthorProfile

ITEMS = 30


class SiteFeed(Feed):
    def title(self, obj=None):
        return settings.QUIRE_SITE_NAME

    def link(self, obj=None):
        return "/"

    def description(self, obj=None):
        return f"The newest hubs on {settings.QUIRE_SITE_NAME}."

    def items(self, obj=None):
        return latest_hubs(limit=ITEMS)

    def item_title(self, hub):
        return hub.title

    def item_description(self, hub):
        return hub.summary

    def item_link(self, hub):
        return hub.url

    def item_guid(self, hub):
        return f"{settings.WAGTAILADMIN_BASE_URL}{hub.url}"

    item_guid_is_permalink = True

    def item_author_name(self, hub):
        profile = getattr(hub.owner, "author_profile", None) if hub.owner_id else None
        return profile.display_name if profile else None

    def item_author_link(self, hub):
        profile = getattr(hub.owner, "author_profile", None) if hub.owner_id else None
        return f"{settings.WAGTAILADMIN_BASE_URL}{profile.get_absolute_url()}" if profile else None

    def item_pubdate(self, hub):
        return hub.first_published_at

    def item_updateddate(self, hub):
        return hub.last_published_at

    def item_categories(self, hub):
        channel = getattr(hub, "channel", None)
        return [channel.title] if channel else []


class SiteAtomFeed(SiteFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self.description(obj)


class ChannelFeed(SiteFeed):
    def get_object(self, request, slug):
        return get_object_or_404(ChannelPage.objects.live(), slug=slug)

    def title(self, obj=None):
        return f"{obj.title} · {settings.QUIRE_SITE_NAME}"

    def link(self, obj=None):
        return obj.url

    def description(self, obj=None):
        return obj.description or f"The newest hubs in {obj.title}."

    def items(self, obj=None):
        return with_channels(hubs_in_channel(obj).filter(featured=True)[:ITEMS])


class ChannelAtomFeed(ChannelFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self.description(obj)


class AuthorFeed(SiteFeed):
    def get_object(self, request, slug):
        return get_object_or_404(AuthorProfile.objects.select_related("user"), slug=slug)

    def title(self, obj=None):
        return f"{obj.display_name} · {settings.QUIRE_SITE_NAME}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def description(self, obj=None):
        return obj.bio or f"The newest hubs by {obj.display_name}."

    def items(self, obj=None):
        return with_channels(hubs_by_author(obj.user).filter(featured=True)[:ITEMS])


class AuthorAtomFeed(AuthorFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self.description(obj)
