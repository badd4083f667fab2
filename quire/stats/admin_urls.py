from django.urls import path

from . import admin_views

app_name = "stats_admin"
urlpatterns = [path("", admin_views.statistics, name="statistics")]
