from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import AuthorProfile


class AuthorProfileViewSet(SnippetViewSet):
    model = AuthorProfile
    icon = "user"
    menu_label = "Author profiles"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["display_name", "slug", "location", "joined"]
    search_fields = ["display_name", "slug"]


register_snippet(AuthorProfileViewSet)
