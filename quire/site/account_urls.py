from django.urls import path

from . import account_views as views

urlpatterns = [
    path("settings/", views.account_settings, name="account_settings"),
    path("settings/data/", views.account_data, name="account_data"),
    path(
        "settings/data/<id:pk>/download/",
        views.account_data_download,
        name="account_data_download",
    ),
    path("settings/delete/", views.account_delete, name="account_delete"),
    path("deleted/", views.account_deleted, name="account_deleted"),
]
