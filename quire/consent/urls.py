from django.urls import path

from . import views

urlpatterns = [
    path("choices/", views.choices, name="consent_choices"),
    path("token/", views.token, name="consent_token"),
]
