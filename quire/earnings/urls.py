from django.urls import path

from . import views

urlpatterns = [path("settings/earnings/", views.account_earnings, name="account_earnings")]
