from django.urls import path

from . import views

urlpatterns = [
    path("", views.write, name="write"),
    path("become-an-author/", views.become_author_view, name="become_author"),
    path("author-center/", views.author_center, name="author_center"),
]
