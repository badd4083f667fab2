from django.urls import path

from . import views

urlpatterns = [
    path("hub/<int:hub_id>/", views.post_comment, name="comment_post"),
    path("<int:comment_id>/edit/", views.edit_comment, name="comment_edit"),
    path("<int:comment_id>/delete/", views.delete_comment, name="comment_delete"),
    path("<int:comment_id>/flag/", views.flag_comment, name="comment_flag"),
]
