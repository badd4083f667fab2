from wagtail.fields import RichTextField
from wagtail.models import Page


class ArticlePage(Page):
    body = RichTextField()
