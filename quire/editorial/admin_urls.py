from django.urls import path

from . import admin_views

app_name = "editorial_admin"
urlpatterns = [
    path("new-hub/", admin_views.new_hub, name="new_hub"),
    path("featuring/", admin_views.featuring, name="featuring"),
    path("hubs/<id:pk>/feature/", admin_views.feature, name="feature"),
    path("export/", admin_views.export_hubs, name="export"),
]
