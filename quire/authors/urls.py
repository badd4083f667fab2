from django.urls import path

from . import views

urlpatterns = [
    path("<slug:slug>/", views.author_profile, name="author_profile"),
]
