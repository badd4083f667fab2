from django.urls import path

from . import admin_views

app_name = "imports_admin"
urlpatterns = [
    path("", admin_views.imports, name="index"),
    path("<id:pk>/", admin_views.job, name="job"),
]
