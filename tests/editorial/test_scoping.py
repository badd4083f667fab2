"""An author cannot list, open, preview, edit, choose or search another author's drafts or
images, by URL or by any listing; editors see everything. One test a leak path."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.factories import make_hub, make_image
from tests.tasks import run_queued

SECRET = "Zanzibar secret draft"


@pytest.fixture
def theirs(channel, other_writer):
    """Another author's draft and image."""
    hub = make_hub(channel, other_writer, title=SECRET, publish=False)
    image = make_image(title="Zanzibar secret picture")
    image.uploaded_by_user = other_writer
    image.save()
    return hub, image


@pytest.fixture
def mine(channel, writer):
    hub = make_hub(channel, writer, title="My own draft", publish=False)
    image = make_image(title="My own picture")
    image.uploaded_by_user = writer
    image.save()
    return hub, image


@pytest.fixture
def as_writer(client, writer, mine, theirs):
    run_queued(DBTaskResult.objects.all())  # the search index, updated in the background
    client.force_login(writer)
    return client


def text(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_explorer_lists_only_own_hubs(as_writer, channel):
    html = text(as_writer.get(reverse("wagtailadmin_explore", args=[channel.pk])))
    assert "My own draft" in html
    assert SECRET not in html


@pytest.mark.django_db
def test_explorer_filters_name_nobody_else(
    as_writer, writer, other_writer, client, editor, channel
):
    """The "Owner" and "Edited by" filters would list every owner and editor of a page."""
    other_name = other_writer.get_full_name()
    for name in ("wagtailadmin_explore", "wagtailadmin_explore_results"):
        html = text(as_writer.get(reverse(name, args=[channel.pk])))
        assert other_name not in html and other_writer.username not in html
    # Filtering by the other author's id finds nothing either.
    results = as_writer.get(
        reverse("wagtailadmin_explore_results", args=[channel.pk]), {"owner": other_writer.pk}
    )
    assert SECRET not in text(results)
    client.force_login(editor)
    assert other_name in text(client.get(reverse("wagtailadmin_explore", args=[channel.pk])))


@pytest.mark.django_db
def test_admin_page_search_finds_only_own_hubs(as_writer):
    for name in ("wagtailadmin_pages:search", "wagtailadmin_pages:search_results"):
        html = text(as_writer.get(reverse(name), {"q": "draft"}))
        assert "My own draft" in html
        assert SECRET not in html
        assert SECRET not in text(as_writer.get(reverse(name), {"q": "Zanzibar"}))


@pytest.mark.django_db
def test_page_chooser_browse_and_search_show_only_own_hubs(as_writer, channel):
    browse = as_writer.get(reverse("wagtailadmin_choose_page_child", args=[channel.pk]))
    assert "My own draft" in text(browse) and SECRET not in text(browse)
    search = as_writer.get(reverse("wagtailadmin_choose_page_search"), {"q": "draft"})
    assert "My own draft" in text(search) and SECRET not in text(search)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "wagtailadmin_explore",
        "wagtailadmin_pages:edit",
        "wagtailadmin_pages:preview_on_edit",
        "wagtailadmin_pages:view_draft",
        "wagtailadmin_pages:history",
        "wagtailadmin_pages:revisions_index",
        "wagtailadmin_pages:usage",
        "wagtailadmin_pages:copy",
        "wagtailadmin_pages:delete",
        "wagtailadmin_pages:unpublish",
        "wagtailadmin_pages:move",
        "wagtailadmin_pages:workflow_history",
    ],
)
def test_no_page_url_opens_another_authors_hub(as_writer, theirs, name):
    hub, _ = theirs
    response = as_writer.get(reverse(name, args=[hub.pk]))
    assert response.status_code == 404
    assert SECRET not in text(response)
    # nor by POST
    assert as_writer.post(reverse(name, args=[hub.pk])).status_code == 404


@pytest.mark.django_db
def test_revision_urls_of_another_authors_hub_are_closed(as_writer, theirs):
    hub, _ = theirs
    revision = hub.latest_revision
    for url in (
        reverse("wagtailadmin_pages:revisions_view", args=[hub.pk, revision.pk]),
        reverse("wagtailadmin_pages:revisions_revert", args=[hub.pk, revision.pk]),
    ):
        response = as_writer.get(url)
        assert response.status_code == 404 and SECRET not in text(response)


@pytest.mark.django_db
def test_image_listing_and_chooser_show_only_own_images(as_writer):
    for name in ("wagtailimages:index", "wagtailimages_chooser:choose"):
        html = text(as_writer.get(reverse(name)))
        assert "My own picture" in html
        assert "Zanzibar secret picture" not in html
    search = as_writer.get(reverse("wagtailimages_chooser:choose_results"), {"q": "Zanzibar"})
    assert "Zanzibar secret picture" not in text(search)


@pytest.mark.django_db
def test_another_authors_image_cannot_be_opened_or_deleted(as_writer, theirs):
    _, image = theirs
    # Answered as if it did not exist (editorial/scoping.py), before Wagtail's view.
    assert as_writer.get(reverse("wagtailimages:edit", args=[image.pk])).status_code == 404
    as_writer.post(reverse("wagtailimages:delete", args=[image.pk]))
    image.refresh_from_db()  # still there


@pytest.mark.django_db
def test_admin_api_lists_only_own_hubs(as_writer, channel, theirs):
    hub, _ = theirs
    listing = as_writer.get("/admin/api/main/pages/", {"child_of": channel.pk})
    assert listing.status_code == 200
    assert "My own draft" in text(listing) and SECRET not in text(listing)
    detail = as_writer.get(f"/admin/api/main/pages/{hub.pk}/")
    assert SECRET not in text(detail)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/admin/reports/site-history/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/aging-pages/",
        "/admin/reports/locked/",
        "/admin/pages/usage/articles/articlepage/",
    ],
)
def test_site_wide_reports_are_for_editors(as_writer, url):
    response = as_writer.get(url)
    assert response.status_code == 403
    assert SECRET not in text(response)


@pytest.mark.django_db
def test_dashboard_shows_own_hubs_only(as_writer):
    html = text(as_writer.get(reverse("wagtailadmin_home")))
    assert "Your hubs" in html and "My own draft" in html
    assert SECRET not in html
    assert "created in" not in html  # no site-wide page and image counts


@pytest.mark.django_db
def test_editor_sees_everyones_work(client, editor, mine, theirs, channel):
    run_queued(DBTaskResult.objects.all())
    client.force_login(editor)
    html = text(client.get(reverse("wagtailadmin_explore", args=[channel.pk])))
    assert "My own draft" in html and SECRET in html
    assert SECRET in text(client.get(reverse("wagtailadmin_pages:search"), {"q": "Zanzibar"}))
    assert client.get(reverse("wagtailadmin_pages:edit", args=[theirs[0].pk])).status_code == 200
    assert client.get("/admin/reports/site-history/").status_code == 200


@pytest.mark.django_db
def test_author_cannot_add_channels_or_site_pages(as_writer, home, channel):
    add_channel = reverse("wagtailadmin_pages:add", args=["articles", "channelpage", home.pk])
    assert as_writer.get(add_channel).status_code in (302, 403)
    add_hub = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", channel.pk])
    assert as_writer.get(add_hub).status_code == 200


@pytest.mark.django_db
def test_a_reader_has_no_editor(client, reader):
    client.force_login(reader)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code in (302, 403)


@pytest.mark.django_db
def test_writing_a_new_hub_starts_by_choosing_a_channel(as_writer, channel):
    html = text(as_writer.get(reverse("editorial_admin:new_hub")))
    add = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", channel.pk])
    assert f'href="{add}"' in html and html.count("<li>") == 22
    assert as_writer.get(add).status_code == 200


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_dashboard_and_explorer_cost_the_same_queries_for_many_hubs(as_writer, writer, channel):
    """An author's dashboard and explorer cost a fixed number of queries: 10 more hubs,
    with comments and reviews, add none."""
    from quire.comments.models import Comment

    dashboard = reverse("wagtailadmin_home")
    explorer = reverse("wagtailadmin_explore", args=[channel.pk])
    make_hub(channel, writer, title="Published first")
    _queries(as_writer, dashboard), _queries(as_writer, explorer)  # warm caches
    before = _queries(as_writer, dashboard), _queries(as_writer, explorer)
    for n in range(10):
        hub = make_hub(channel, writer, title=f"More {n}")
        Comment.objects.create(hub=hub, user=writer, text="Nice", status="published")
    after = _queries(as_writer, dashboard), _queries(as_writer, explorer)
    assert after == before


@pytest.mark.django_db
def test_hub_delete_rule_matches_wagtails_ownership_rule(channel, writer, other_writer, editor):
    from django.contrib.auth import get_user_model

    draft = make_hub(channel, writer, title="Draft", publish=False)
    published = make_hub(channel, writer, title="Published")
    theirs_ = make_hub(channel, other_writer, title="Theirs", publish=False)
    fresh = get_user_model().objects.get(pk=writer.pk)
    assert draft.permissions_for_user(fresh).can_delete()
    assert not published.permissions_for_user(fresh).can_delete()  # live: no "publish"
    assert not theirs_.permissions_for_user(fresh).can_delete()
    superuser = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    assert theirs_.permissions_for_user(superuser).can_delete()
