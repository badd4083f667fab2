from django.urls import path

from . import views

urlpatterns = [
    path("hub/<id:hub_id>/", views.post_comment, name="comment_post"),
    path("<id:comment_id>/edit/", views.edit_comment, name="comment_edit"),
    path("<id:comment_id>/delete/", views.delete_comment, name="comment_delete"),
    path("<id:comment_id>/flag/", views.flag_comment, name="comment_flag"),
]
