"""Every editor URL, found from the URL resolver, keeps another author's work out of an
author's sight: no title or file name of their draft, picture or document, whatever the
URL's ids say, by GET or by POST; bulk actions ("select all" included), choosers and the
editor's API list only the author's own work. Editors and superusers see everything, and
an author keeps their own.

A new editor URL with an argument this file does not know fails
``test_every_editor_url_keeps_other_authors_work_hidden`` until it is taught what that
argument names."""

from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.admin.models import EditingSession
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, UploadedFile

from quire.editorial.scoping import AuthorScopeMiddleware
from tests.factories import make_hub, png_bytes
from tests.tasks import run_queued

SECRET = "Zanzibar"  # in the other author's titles; "zanzibar" in their file names


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield prefix + str(pattern.pattern), name, tuple(pattern.pattern.regex.groupindex)


# Every named URL pattern under /admin/: Wagtail's and the site's own.
ADMIN_ROUTES = [
    route for route in _walk(get_resolver().url_patterns) if route[0].startswith("admin/")
]
# Views that act on the person asking, not on a page or file.
SKIPPED = {"wagtailadmin_logout", "wagtailadmin_error_test"}


def owned_work(channel, owner, word: str, number: int) -> dict:
    """A draft hub in review, a picture, a document, an unfinished upload and an editing
    session, all ``owner``'s, each named and filed with ``word``. The files' ids are far
    apart (900,000 + ``number``, each kind in its own range), so that such an id means one
    object whatever kind of object a URL takes it for."""
    hub = make_hub(channel, owner, title=f"{word} draft", publish=False)
    image = get_image_model()(id=920_000 + number, title=f"{word} picture", uploaded_by_user=owner)
    image.file = ImageFile(BytesIO(png_bytes()), name=f"{word.lower()}.png")
    image.save()
    document = get_document_model()(
        id=930_000 + number, title=f"{word} document", uploaded_by_user=owner
    )
    document.file = ContentFile(b"Some words.", name=f"{word.lower()}.txt")
    document.save()
    upload = UploadedFile.objects.create(
        id=940_000 + number,
        file=ContentFile(png_bytes(), name=f"{word.lower()}-upload.png"),
        uploaded_by_user=owner,
    )
    workflow_state = hub.get_workflow().start(hub, owner)
    session = EditingSession.objects.create(
        user=owner,
        content_type=ContentType.objects.get_for_model(Page),
        object_id=str(hub.pk),
        last_seen_at=timezone.now(),
    )
    return {
        "hub": hub,
        "image": image,
        "document": document,
        "upload": upload,
        "revision": hub.latest_revision,
        "workflow_state": workflow_state,
        "task_state": workflow_state.current_task_state,
        "session": session,
        "user": owner,
    }


def url_arguments(keys, work, channel, avoid=()) -> list[dict]:
    """The ways to fill a URL's arguments with ``work``: an argument that may name any
    model (``pk``, ``object_id``) is tried with each kind of object in turn (except the
    ids in ``avoid``)."""
    named = {
        "page_id": work["hub"].pk,
        "parent_page_id": work["hub"].pk,
        "page_to_move_id": work["hub"].pk,
        "page_pk": work["hub"].pk,
        "destination_id": work["hub"].pk,
        "image_id": work["image"].pk,
        "document_id": work["document"].pk,
        "doc_id": work["document"].pk,
        "revision_id": work["revision"].pk,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "task_state_id": work["task_state"].pk,
        "workflow_state_id": work["workflow_state"].pk,
        "task_id": work["task_state"].task_id,
        "uploaded_file_id": work["upload"].pk,
        "session_id": work["session"].pk,
        "filter_spec": "original",
        "action_name": "approve",
        "action": "delete",
        "app_label": "wagtailcore",
        "model_name": "page",
        "app_name": "articles",
        "content_type_app_name": "articles",
        "content_type_model_name": "articlepage",
        "collection_id": 1,
        "workflow_pk": 1,
        "redirect_id": 1,
        "uidb64": "MQ",
        "token": "set-password",
    }
    anything = [work["hub"].pk, work["image"].pk, work["document"].pk, work["user"].pk]
    anything = [value for value in anything if value not in avoid]
    filled = [{}]
    for key in keys:
        if key in ("pk", "object_id"):
            filled = [{**done, key: str(value)} for done in filled for value in anything]
        elif key in named:
            filled = [{**done, key: named[key]} for done in filled]
        else:
            raise AssertionError(f"Teach this test what the URL argument {key!r} names.")
    return filled


@pytest.fixture
def work(channel, writer, other_writer):
    before = set(DBTaskResult.objects.values_list("pk", flat=True))
    theirs = owned_work(channel, other_writer, SECRET, 1)
    mine = owned_work(channel, writer, "Mine", 2)
    # The search index, updated in the background (only for this work: faster).
    run_queued(DBTaskResult.objects.exclude(pk__in=before))
    return mine, theirs


def shows_secret(response, *, pictures_are_theirs: bool = True) -> bool:
    kind = response.get("Content-Type", "")
    if pictures_are_theirs and kind.startswith("image/") and not kind.startswith("image/svg"):
        return True  # the picture itself (the editor's icons are SVG)
    body = b"" if response.streaming else response.content
    headers = " ".join(f"{key}: {value}" for key, value in response.items())
    text = body.decode(errors="replace") + headers
    return SECRET in text or SECRET.lower() in text


def assert_untouched(theirs):
    hub = Page.objects.get(pk=theirs["hub"].pk)
    assert hub.title == f"{SECRET} draft" and not hub.live
    assert get_image_model().objects.filter(pk=theirs["image"].pk).exists()
    assert get_document_model().objects.filter(pk=theirs["document"].pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "name", "keys"), ADMIN_ROUTES, ids=[r[0] for r in ADMIN_ROUTES])
def test_every_editor_url_keeps_other_authors_work_hidden(
    client, work, writer, editor, channel, route, name, keys
):
    if name in SKIPPED:
        pytest.skip("acts on the person asking")
    mine, theirs = work
    # Theirs alone, and theirs mixed into the author's own URLs (own hub, their revision…).
    mixed = {**theirs, "hub": mine["hub"], "image": mine["image"], "document": mine["document"]}
    theirs_only = {
        reverse(name, kwargs=arguments) for arguments in url_arguments(keys, theirs, channel)
    }
    with_own = {
        reverse(name, kwargs=arguments) for arguments in url_arguments(keys, mixed, channel)
    }
    # (Wagtail's own views answer some empty forms with a 500: only URLs that name nothing
    # of the author's own are held to "no 5xx" here; the site's fuzz walk holds the rest.)
    urls, theirs_only = theirs_only | with_own, theirs_only - with_own
    # Searches and lists of ids, which choosers and bulk actions take from the query string.
    their_ids = {"id": [theirs[kind].pk for kind in ("hub", "image", "document", "user")]}
    client.raise_request_exception = False
    client.force_login(writer)
    for url in sorted(urls):
        for method, data in (
            (client.get, {}),
            (client.get, {"q": SECRET[:5]}),
            (client.get, their_ids),
            (client.post, {}),
        ):
            response = method(url, data)
            theirs_alone = url in theirs_only
            assert not shows_secret(response, pictures_are_theirs=theirs_alone), (
                f"{method.__name__} {url} {data}"
            )
            if theirs_alone:
                assert response.status_code < 500, f"{method.__name__} {url} {data}"
    assert_untouched(theirs)

    # The scope lets an author's own work and every editor through on the same URL.
    middleware = AuthorScopeMiddleware(lambda request: None)
    # (An id of the writer's own that is also the other author's hub or account, taken for
    # the wrong kind of object, would be refused rightly.)
    avoid = {theirs["hub"].pk, theirs["user"].pk}
    for person, objects, skip in ((writer, mine, avoid), (editor, theirs, ())):
        for arguments in url_arguments(keys, objects, channel, skip):
            request = RequestFactory().get(reverse(name, kwargs=arguments))
            request.user = get_user_model().objects.get(pk=person.pk)
            request.resolver_match = match = resolve(request.path_info)
            if person == writer and route.startswith(("admin/reports/", "admin/pages/usage/")):
                continue  # site-wide reports are for editors (test_scoping.py)
            assert middleware.process_view(request, match.func, (), match.kwargs) is None


BULK_ACTIONS = sorted(
    (app, model, action)
    for app, models in (
        bulk_action_registry._scan_for_bulk_actions() or bulk_action_registry.actions
    ).items()
    for model, actions in models.items()
    for action in actions
)


def _bulk_id(objects, app: str) -> int:
    return {
        "wagtailcore": objects["hub"].pk,
        "wagtailimages": objects["image"].pk,
        "wagtaildocs": objects["document"].pk,
        "auth": objects["user"].pk,
    }.get(app, objects["hub"].pk)


@pytest.mark.django_db
@pytest.mark.parametrize(("app", "model", "action"), BULK_ACTIONS)
def test_bulk_actions_name_no_other_authors_work(client, work, writer, channel, app, model, action):
    mine, theirs = work
    url = f"/admin/bulk/{app}/{model}/{action}/"
    client.force_login(writer)
    for query in (
        f"id={_bulk_id(theirs, app)}",
        f"id={_bulk_id(theirs, app)}&id={_bulk_id(mine, app)}",
        "id=all",
        f"id=all&childOf={channel.pk}",
        f"id=all&childOf={channel.pk}&q={SECRET}",
    ):
        for method in (client.get, client.post):
            response = method(f"{url}?{query}")
            assert response.status_code < 500, query
            assert not shows_secret(response), f"{method.__name__} {url}?{query}"
    assert_untouched(theirs)


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["delete", "move", "publish", "unpublish"])
def test_page_bulk_actions_list_the_authors_own_hubs_and_everyones_for_editors(
    client, work, writer, editor, channel, action
):
    mine, theirs = work
    url = f"/admin/bulk/wagtailcore/page/{action}/"
    client.force_login(writer)
    for query in (f"id={mine['hub'].pk}", f"id=all&childOf={channel.pk}"):
        html = client.get(f"{url}?{query}").content.decode()
        assert "Mine draft" in html and SECRET not in html
    client.force_login(editor)
    html = client.get(f"{url}?id={mine['hub'].pk}&id={theirs['hub'].pk}").content.decode()
    assert "Mine draft" in html and f"{SECRET} draft" in html


@pytest.mark.django_db
def test_picture_bulk_actions_list_own_pictures_and_everyones_for_editors(
    client, work, writer, editor
):
    mine, theirs = work
    url = "/admin/bulk/wagtailimages/image/delete/"
    client.force_login(writer)
    assert client.get(f"{url}?id={theirs['image'].pk}").status_code == 404
    html = client.get(f"{url}?id=all").content.decode()
    assert "Mine picture" in html and SECRET not in html
    client.force_login(editor)
    html = client.get(f"{url}?id={mine['image'].pk}&id={theirs['image'].pk}").content.decode()
    assert "Mine picture" in html and f"{SECRET} picture" in html


@pytest.mark.django_db
def test_image_chooser_opens_own_pictures_only(client, work, writer, editor):
    mine, theirs = work
    urls = (
        "wagtailimages_chooser:select_format",
        "wagtailimages_chooser:chosen",
    )
    client.force_login(writer)
    for name in urls:
        assert client.get(reverse(name, args=[theirs["image"].pk])).status_code == 404
        own = client.get(reverse(name, args=[mine["image"].pk]))
        assert own.status_code == 200 and "Mine picture" in own.content.decode()
    multiple = reverse("wagtailimages_chooser:chosen_multiple")
    assert client.get(multiple, {"id": [theirs["image"].pk]}).status_code == 404
    assert "Mine picture" in client.get(multiple, {"id": [mine["image"].pk]}).content.decode()
    client.force_login(editor)
    for name in urls:
        theirs_seen = client.get(reverse(name, args=[theirs["image"].pk]))
        assert (
            theirs_seen.status_code == 200 and f"{SECRET} picture" in theirs_seen.content.decode()
        )


@pytest.mark.django_db
def test_page_chooser_opens_own_hubs_only(client, work, writer, editor):
    mine, theirs = work
    multiple = reverse("wagtailadmin_choose_page_chosen_multiple")
    client.force_login(writer)
    assert client.get(multiple, {"id": [theirs["hub"].pk]}).status_code == 404
    assert (
        client.get(reverse("wagtailadmin_choose_page_child", args=[theirs["hub"].pk])).status_code
        == 404
    )
    assert "Mine draft" in client.get(multiple, {"id": [mine["hub"].pk]}).content.decode()
    client.force_login(editor)
    assert f"{SECRET} draft" in client.get(multiple, {"id": [theirs["hub"].pk]}).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("endpoint", "kind", "title"),
    [("images", "image", "picture"), ("documents", "document", "document")],
)
def test_editor_api_lists_own_files_only(client, work, writer, editor, endpoint, kind, title):
    mine, theirs = work
    listing = f"/admin/api/main/{endpoint}/"
    client.force_login(writer)
    html = client.get(listing).content.decode()
    assert f"Mine {title}" in html and SECRET not in html
    assert client.get(f"{listing}{theirs[kind].pk}/").status_code == 404
    assert client.get(f"{listing}{mine[kind].pk}/").status_code == 200
    client.force_login(editor)
    assert f"{SECRET} {title}" in client.get(listing).content.decode()


@pytest.mark.django_db
def test_too_many_ids_at_once_are_refused_before_any_lookup(client, writer):
    client.force_login(writer)
    query = "&".join(f"id={n}" for n in range(1, 1100))
    response = client.get(f"/admin/bulk/wagtailcore/page/delete/?{query}")
    assert response.status_code == 400
    assert "at most 1000" in response.content.decode()


@pytest.mark.django_db
def test_a_superuser_sees_everything(client, work, channel):
    _, theirs = work
    root = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client.force_login(root)
    html = client.get(
        f"/admin/bulk/wagtailcore/page/delete/?id={theirs['hub'].pk}"
    ).content.decode()
    assert f"{SECRET} draft" in html
    select = reverse("wagtailimages_chooser:select_format", args=[theirs["image"].pk])
    assert f"{SECRET} picture" in client.get(select).content.decode()
