from django.urls import path

from . import views

urlpatterns = [path("settings/earnings/", views.account_earnings, name="account_earnings")]

# Mounted at the site's root: the product capsule's counted links.
go_patterns = [
    path("go/<id:hub_id>/<uuid:block_id>/", views.affiliate_click, name="affiliate_click"),
    path("ads/frame/<id:pk>/", views.ad_frame, name="ad_frame"),
]
