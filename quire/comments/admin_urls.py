from django.urls import path

from . import admin_views

app_name = "comments_admin"
urlpatterns = [
    path("", admin_views.index, name="index"),
    path("bulk/", admin_views.bulk, name="bulk"),
    path("<id:pk>/", admin_views.detail, name="detail"),
    path("<id:pk>/act/", admin_views.act, name="act"),
]
