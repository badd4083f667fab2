from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "quire.comments"
    label = "comments"
    verbose_name = "Comments"
