"""Authors see only their own work in the editor.

One rule, ``admin_scope``: an author sees the site's channels and pages, their own hubs and
their own pictures and documents, and no one else's (editors, ``roles.is_editor``, see
everything). It is applied at each way the editor has of naming or listing work:

- an object named in an editor URL (``/admin/pages/<id>/…``, ``/admin/images/<id>/…``,
  the choosers' ``chosen``/``select_format``, bulk actions' ``?id=``, the page API's
  ``<pk>``…): ``AuthorScopeMiddleware`` reads the resolved URL's arguments
  (``named_objects``) and answers 404 before Wagtail's view runs when one is out of scope;
- listings: the explorer, the page and image choosers (Wagtail hooks in wagtail_hooks.py),
  the editor's page search (``PageSearchView``, routed before Wagtail's own), the editor's
  API (``scoped_api_endpoint``), and the selection of every bulk action, "select all"
  included (``scope_bulk_actions``);
- site-wide reports and page-type usage lists: ``AuthorScopeMiddleware`` answers 403.

Wagtail's ownership rule also stops an author from editing another author's hub or picture,
but Wagtail's choosers, bulk actions and API name objects before any ownership check, which
is why the rule is applied here, before the view. Authors are not given a subtree each
with its own group permissions: that makes Wagtail's admin slow with many authors.
"""

from __future__ import annotations

from collections import defaultdict

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404, HttpResponseBadRequest, HttpResponseForbidden
from wagtail.admin.views.pages.search import SearchView
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy

from quire.accounts import roles
from quire.articles.models import ArticlePage
from quire.core import compat
from quire.core.params import object_ids, parse_int


def _hub_content_type_id() -> int:
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


def scope_documents(documents, user):
    if roles.is_editor(user):
        return documents
    return documents.filter(uploaded_by_user_id=user.pk)


def scope_people(users, user):
    """The people a listing's filter may name: only oneself, unless ``user`` is an editor."""
    if roles.is_editor(user):
        return users
    return users.filter(pk=user.pk)


def _scopes() -> tuple:
    return (
        (Page, scope_pages),
        (AbstractImage, scope_images),
        (AbstractDocument, scope_documents),
        (get_user_model(), scope_people),
    )


def _scope_for(model):
    for base, scope in _scopes():
        if issubclass(model, base):
            return scope
    return None


def admin_scope(queryset, user):
    """``queryset`` narrowed to what ``user`` may see in the editor (models the rule does
    not cover are left whole)."""
    scope = _scope_for(queryset.model)
    return queryset if scope is None else scope(queryset, user)


def scope_page_listing_filters() -> None:
    """The explorer's "Owner" and "Edited by" filters list every page owner and editor of
    the site (names of people whose work is still private, and a thousand checkboxes with
    a thousand authors). Wagtail has no hook for its listing filters, so their choices are
    narrowed here, once, at start-up: a non-editor is offered only themself."""
    for name in ("owner", "edited_by"):
        for field in compat.page_listing_filters(name):
            if getattr(field, "_quire_scoped", False):
                continue
            everyone = field.queryset
            field.queryset = lambda request, everyone=everyone: scope_people(
                everyone(request), request.user
            )
            field._quire_scoped = True


def scope_bulk_actions() -> None:
    """Every bulk action (pages, images, documents, users, snippets) lists the objects it
    was asked about, those the person may not act on included, by title: "select all in
    the listing" asks about a whole channel. Wagtail has no hook before that listing, so
    the one method every bulk action gets its objects from is narrowed here, once, at
    start-up, to what the person may see; a request naming nothing they may see is a 404.
    """
    from wagtail.admin.views.bulk_action import BulkAction

    unscoped = BulkAction.get_actionable_objects
    if getattr(unscoped, "_quire_scoped", False):
        return

    def get_actionable_objects(self):
        objects, without_access = unscoped(self)
        refused = without_access.get("items_with_no_access", [])
        named = [obj.pk for obj in (*objects, *refused)]
        if not named or _scope_for(self.model) is None:
            return objects, without_access
        queryset = self.model._default_manager.filter(pk__in=named)
        visible = set(admin_scope(queryset, self.request.user).values_list("pk", flat=True))
        objects = [obj for obj in objects if obj.pk in visible]
        refused = [obj for obj in refused if obj.pk in visible]
        if not objects and not refused:
            raise Http404("Nothing to act on.")
        return objects, {**without_access, "items_with_no_access": refused}

    get_actionable_objects._quire_scoped = True
    BulkAction.get_actionable_objects = get_actionable_objects


class AuthorScopedPagePolicy(PagePermissionPolicy):
    def explorable_instances(self, user):
        return scope_pages(super().explorable_instances(user), user)


class PageSearchView(SearchView):
    """Wagtail's page search over the pages the person may see (own hubs for authors)."""

    permission_policy = AuthorScopedPagePolicy()


def scoped_api_endpoint(endpoint):
    """A Wagtail admin API endpoint (pages, images, documents) over what the person may
    see. Wagtail's own image and document endpoints list every file of the site."""
    # The page endpoint finds the parents of its child_of and descendant_of filters in its
    # base queryset too; the others have only the one queryset.
    method = "get_base_queryset" if hasattr(endpoint, "get_base_queryset") else "get_queryset"

    def scoped_queryset(self):
        return admin_scope(getattr(super(scoped, self), method)(), self.request.user)

    scoped = type(f"Scoped{endpoint.__name__}", (endpoint,), {method: scoped_queryset})
    return scoped


def page_search_views():
    """The search page and its results fragment, built as Wagtail builds its own."""
    from wagtail.admin.viewsets.pages import base_page_viewset

    return (
        base_page_viewset.construct_view(PageSearchView),
        base_page_viewset.construct_view(PageSearchView, results_only=True),
    )


# -- Objects named in an editor URL ---------------------------------------------------------

# Arguments of Wagtail's admin URL patterns that always name a page, image or document.
PAGE_ARGUMENTS = frozenset(
    {"page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk"}
)
IMAGE_ARGUMENTS = frozenset({"image_id"})
DOCUMENT_ARGUMENTS = frozenset({"document_id", "doc_id"})
# A view's ``pk`` and ``object_id`` arguments and its ``?id=`` values name an object of the
# view's own model: the one in its URL (``<app_label>/<model_name>``: bulk actions, editing
# sessions), else the one its URL name says.
VIEW_MODELS = (
    ("wagtailadmin_pages:", "wagtailcore.Page"),
    ("wagtailadmin_choose_page", "wagtailcore.Page"),
    ("wagtailadmin_api:pages:", "wagtailcore.Page"),
    ("wagtailadmin_api:images:", "images"),
    ("wagtailimages_chooser:", "images"),
    ("wagtailimages:", "images"),
    ("wagtailadmin_api:documents:", "documents"),
    ("wagtaildocs_chooser:", "documents"),
    ("wagtaildocs:", "documents"),
    ("wagtailusers_users:", "users"),
)
OWN_MODEL_ARGUMENTS = ("pk", "object_id")
# More than a bulk action's page of selected rows; "select all" is sent as ``id=all``.
MAX_NAMED_IDS = 1000


def _model(label: str):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    special = {"images": get_image_model, "documents": get_document_model, "users": get_user_model}
    return special[label]() if label in special else apps.get_model(label)


def view_model(match):
    """The model a resolved editor URL is about, when it says."""
    kwargs = match.kwargs
    if "app_label" in kwargs and "model_name" in kwargs:
        try:
            return apps.get_model(kwargs["app_label"], kwargs["model_name"])
        except (LookupError, ValueError):
            return None
    for prefix, label in VIEW_MODELS:
        if match.view_name.startswith(prefix):
            return _model(label)
    return None


def named_objects(match, query) -> dict:
    """{model: ids} of the pages, images, documents and people a resolved editor URL names,
    in its path and in its ``?id=`` values."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    own_model = view_model(match)
    named = defaultdict(set)
    for name, value in match.kwargs.items():
        if name in PAGE_ARGUMENTS:
            model = Page
        elif name in IMAGE_ARGUMENTS:
            model = get_image_model()
        elif name in DOCUMENT_ARGUMENTS:
            model = get_document_model()
        elif name in OWN_MODEL_ARGUMENTS:
            model = own_model
        else:
            continue
        number = parse_int(str(value), minimum=1)
        if model is not None and number is not None:
            named[model].add(number)
    if own_model is not None:
        named[own_model].update(object_ids(query.getlist("id")))
    return {model: ids for model, ids in named.items() if _scope_for(model) is not None}


def hides_any(user, model, ids) -> bool:
    """Whether any existing object among ``ids`` is out of ``user``'s sight (one query)."""
    queryset = model._default_manager.filter(pk__in=ids)
    return queryset.exclude(pk__in=admin_scope(queryset, user).values("pk")).exists()


EDITORS_ONLY_PREFIXES = ("/admin/reports/", "/admin/pages/usage/")


def scope_refusal(request, match):
    """Why ``request`` (resolved to ``match``) may not see what it asks for, as a response,
    or None. Raises Http404 for work of someone else, as if it did not exist."""
    user = request.user
    if roles.is_editor(user):
        return None
    if request.path_info.startswith(EDITORS_ONLY_PREFIXES):
        return HttpResponseForbidden("This part of the editor is for editors.")
    if len(request.GET.getlist("id")) > MAX_NAMED_IDS:
        return HttpResponseBadRequest(f"Choose at most {MAX_NAMED_IDS} items at once.")
    for model, ids in named_objects(match, request.GET).items():
        if hides_any(user, model, ids):
            raise Http404("No such page.")
    return None


class AuthorScopeMiddleware:
    """The author center's door (editorial/door.py) and its scope: who may enter the
    editor, and that an author opens no one else's work by its URL.

    Costs nothing outside /admin/ and one small query for each kind of object an editor URL
    names (pages, images, documents).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith("/admin/"):
            return None
        from .door import entrance_refusal

        match = request.resolver_match
        refusal = entrance_refusal(request, match)
        if refusal is None and request.user.is_authenticated:
            refusal = scope_refusal(request, match)
        return refusal


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
