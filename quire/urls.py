from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from quire.accounts import urls as account_urls
from quire.authors import urls as author_urls
from quire.comments import urls as comment_urls
from quire.consent import urls as consent_urls
from quire.core import views as core_views
from quire.search import views as search_views

urlpatterns = [
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("authors/", include(author_urls)),
    path("comments/", include(comment_urls)),
    path("privacy/", include(consent_urls)),
    path("search/", search_views.search, name="search"),
    path("accounts/", include(account_urls)),
    path("accounts/", include("allauth.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler500 = "quire.core.views.server_error"
