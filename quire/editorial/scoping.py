"""Authors see only their own work in the editor.

Wagtail's ownership rule already stops an author from opening, editing, previewing or
comparing revisions of another author's hub (an author holds only "add" permission, which
covers their own pages). What remains are the *listings*, which show every page below a
permission: this module narrows each of them to the author's own hubs.

- explorer, page chooser, the editor's page API: Wagtail hooks (wagtail_hooks.py) use
  ``scope_pages``;
- the editor's page search: ``PageSearchView`` below, routed before Wagtail's own;
- image chooser: ``scope_images`` (the image listing is ownership-scoped by Wagtail);
- everything under ``/admin/pages/<id>/`` for a hub of someone else, site-wide reports and
  page-type usage lists: ``AuthorScopeMiddleware`` answers 404/403 before Wagtail's view.

Editors (``roles.is_editor``) see everything. Authors are not given a subtree each with its
own group permissions: that makes Wagtail's admin slow with many authors.
"""

from __future__ import annotations

import re

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404, HttpResponseForbidden
from wagtail.admin.views.pages.search import SearchView
from wagtail.models import Page, PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy

from . import roles


def _hub_content_type_id() -> int:
    from quire.articles.models import ArticlePage

    return ContentType.objects.get_for_model(ArticlePage).pk


def scope_pages(pages, user):
    """``pages`` without other people's hubs, unless ``user`` is an editor."""
    if roles.is_editor(user):
        return pages
    return pages.filter(~Q(content_type_id=_hub_content_type_id()) | Q(owner_id=user.pk))


def scope_images(images, user):
    if roles.is_editor(user):
        return images
    return images.filter(uploaded_by_user_id=user.pk)


def scope_people(users, user):
    """The people a listing's filter may name: only oneself, unless ``user`` is an editor."""
    if roles.is_editor(user):
        return users
    return users.filter(pk=user.pk)


def scope_page_listing_filters() -> None:
    """The explorer's "Owner" and "Edited by" filters list every page owner and editor of
    the site (names of people whose work is still private, and a thousand checkboxes with
    a thousand authors). Wagtail has no hook for its listing filters, so their choices are
    narrowed here, once, at start-up: a non-editor is offered only themself."""
    from wagtail.admin.views.pages.listing import GenericPageFilterSet, PageFilterSet

    for filterset in (PageFilterSet, GenericPageFilterSet):
        for name in ("owner", "edited_by"):
            field = filterset.base_filters.get(name)
            if field is None or getattr(field, "_quire_scoped", False):
                continue
            everyone = field.queryset
            field.queryset = lambda request, everyone=everyone: scope_people(
                everyone(request), request.user
            )
            field._quire_scoped = True


class AuthorScopedPagePolicy(PagePermissionPolicy):
    def explorable_instances(self, user):
        return scope_pages(super().explorable_instances(user), user)


class PageSearchView(SearchView):
    """Wagtail's page search over the pages the person may see (own hubs for authors)."""

    permission_policy = AuthorScopedPagePolicy()


def scoped_admin_api_pages():
    """The editor's page API (used by its page menus) over the pages the person may see."""
    from wagtail.admin.api.views import PagesAdminAPIViewSet

    class ScopedPagesAdminAPIViewSet(PagesAdminAPIViewSet):
        def get_base_queryset(self):
            return scope_pages(super().get_base_queryset(), self.request.user)

    return ScopedPagesAdminAPIViewSet


def page_search_views():
    """The search page and its results fragment, built as Wagtail builds its own."""
    from wagtail.admin.viewsets.pages import base_page_viewset

    return (
        base_page_viewset.construct_view(PageSearchView),
        base_page_viewset.construct_view(PageSearchView, results_only=True),
    )


ADMIN_PAGE_URL = re.compile(r"^/admin/pages/(\d{1,18})/")
EDITORS_ONLY_PREFIXES = ("/admin/reports/", "/admin/pages/usage/")


class AuthorScopeMiddleware:
    """Closes the editor's page URLs and site-wide reports to authors who are not the owner.

    Costs nothing outside /admin/ and one small query for /admin/pages/<id>/ URLs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith("/admin/") and request.user.is_authenticated:
            refusal = self.refusal(request, path)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def refusal(self, request, path: str):
        user = request.user
        if roles.is_editor(user):
            return None
        if path.startswith(EDITORS_ONLY_PREFIXES):
            return HttpResponseForbidden("This part of the editor is for editors.")
        match = ADMIN_PAGE_URL.match(path)
        if match:
            others_hub = (
                Page.objects.filter(pk=int(match.group(1)), content_type_id=_hub_content_type_id())
                .exclude(owner_id=user.pk)
                .exists()
            )
            if others_hub:
                raise Http404("No such page.")
        return None


class HubPermissionTester(PagePermissionTester):
    """Wagtail's page permission tester, with the delete and move checks of an author's
    hub answered from the row itself.

    For a writer holding only "add" (Wagtail's ownership rule), Wagtail asks the database
    whether every page in the hub's subtree is theirs and unpublished: one query a hub in
    every listing. A hub has no children, so the subtree is the hub alone and the answer is
    in the row already: the explorer costs the same queries for 1 or 50 hubs.
    """

    def can_delete(self, ignore_bulk=False):
        page, user = self.page, self.user
        # (Wagtail sets self.permissions only for active users who are not superusers.)
        if user.is_active and not user.is_superuser and page.numchild == 0:
            permissions = self.permissions
            if "change" not in permissions and "add" in permissions:
                if "publish" in permissions:
                    return page.owner_id == user.pk
                return page.owner_id == user.pk and not page.live
        return super().can_delete(ignore_bulk=ignore_bulk)
