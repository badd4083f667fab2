from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views import serve as wagtaildocs_serve

from quire.articles import views as article_views
from quire.audience import urls as audience_urls
from quire.audience import webhooks as audience_webhooks
from quire.comments import urls as comment_urls
from quire.consent import urls as consent_urls
from quire.core import views as core_views
from quire.core.page_passwords import password_tries_limited
from quire.earnings import urls as earnings_urls
from quire.editorial import urls as editorial_urls
from quire.editorial.scoping import page_search_views
from quire.feeds import feeds
from quire.feeds.sitemaps import SITEMAPS
from quire.pagecache import cached_page
from quire.pagecache import tags as tag
from quire.search import views as search_views
from quire.site import account_urls

admin_page_search, admin_page_search_results = page_search_views()
# Feeds and sitemaps list hubs and authors from all over the site (quire/pagecache).
feed = cached_page(tag.HUBS)
sitemap_page = cached_page(tag.HUBS, tag.AUTHORS)

urlpatterns = [
    path("robots.txt", cached_page()(core_views.robots_txt), name="robots_txt"),
    path("django-admin/", admin.site.urls),
    # The editor's page search, scoped to an author's own hubs (see editorial/scoping.py).
    path("admin/pages/search/", admin_page_search, name="quire_admin_page_search"),
    path(
        "admin/pages/search/results/",
        admin_page_search_results,
        name="quire_admin_page_search_results",
    ),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's password forms for restricted documents and pages, with a limit on tries
    # (same names and addresses; the patterns below would otherwise take them unlimited).
    path(
        "documents/authenticate_with_password/<id:restriction_id>/",
        password_tries_limited(
            wagtaildocs_serve.authenticate_with_password,
            scope="document-password",
            restriction="restriction_id",
        ),
        name="wagtaildocs_authenticate_with_password",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("authors/<slug:slug>/", article_views.author_profile, name="author_profile"),
    path("comments/", include(comment_urls)),
    path("following/", include(audience_urls)),
    path("privacy/", include(consent_urls)),
    path("search/", search_views.search, name="search"),
    path("feeds/", feed(feeds.SiteFeed()), name="feed_rss"),
    path("feeds/atom/", feed(feeds.SiteAtomFeed()), name="feed_atom"),
    path("feeds/channels/<slug:slug>/", feed(feeds.ChannelFeed()), name="channel_feed_rss"),
    path(
        "feeds/channels/<slug:slug>/atom/",
        feed(feeds.ChannelAtomFeed()),
        name="channel_feed_atom",
    ),
    path("feeds/authors/<slug:slug>/", feed(feeds.AuthorFeed()), name="author_feed_rss"),
    path(
        "feeds/authors/<slug:slug>/atom/",
        feed(feeds.AuthorAtomFeed()),
        name="author_feed_atom",
    ),
    path(
        "sitemap.xml",
        sitemap_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap_index",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("write/", include(editorial_urls)),
    path("accounts/", include(account_urls)),
    path("accounts/", include(earnings_urls)),
    path("", include(earnings_urls.go_patterns)),
    path("accounts/", include("allauth.urls")),
]

if settings.ANYMAIL.get("WEBHOOK_SECRET"):
    # Bounces and complaints from a mail provider (quire/audience/signals.py).
    urlpatterns += audience_webhooks.webhook_urls()

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    path(
        "_util/authenticate_with_password/<id:page_view_restriction_id>/<id:page_id>/",
        password_tries_limited(
            wagtail_views.authenticate_with_password,
            scope="page-password",
            restriction="page_view_restriction_id",
        ),
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include(wagtail_urls)),
]

handler500 = "quire.core.views.server_error"
