from django.urls import path

from . import admin_views

app_name = "earnings_admin"
urlpatterns = [
    path("", admin_views.my_earnings, name="mine"),
    path("revenue/", admin_views.revenue, name="revenue"),
    path("revenue/<id:pk>/allocate/", admin_views.allocate, name="allocate"),
    path("payouts/", admin_views.payouts, name="payouts"),
    path("payouts/run/", admin_views.run_create, name="run_create"),
    path("payouts/<id:pk>/paypal.csv", admin_views.run_file, name="run_file"),
    path("payouts/<id:pk>/paid/", admin_views.run_paid, name="run_paid"),
    path("payouts/payout/<id:pk>/failed/", admin_views.payout_failed, name="payout_failed"),
]
