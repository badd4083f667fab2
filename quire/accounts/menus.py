"""Editor menu items shown by role (the views check permission again themselves)."""

from wagtail.admin.menu import MenuItem

from . import roles


class AuthorsMenuItem(MenuItem):
    """Shown to authors (and editors): the author center's own pages."""

    def is_shown(self, request):
        return roles.is_author(request.user)


class EditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return roles.is_editor(request.user)
