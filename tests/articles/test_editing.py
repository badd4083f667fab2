"""Authors write hubs in Wagtail's admin with every capsule; bad input is refused there."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from quire.accounts.roles import AUTHORS_GROUP
from quire.articles.models import ArticlePage
from tests.factories import UserFactory, make_hub, make_image

CHART = {
    "title": "Readers",
    "kind": "bar",
    "data": "Portugal, 4\nSpain, 2",
    "unit": "",
    "caption": "",
    "source": "",
}


@pytest.fixture
def writer(db):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=AUTHORS_GROUP))
    return user


def hub_form(body: list, **fields) -> dict:
    return nested_form_data(
        {
            "title": "Bread by hand",
            "slug": "bread-by-hand",
            "summary": "Kneading without a machine.",
            "lead_image": "",
            "lead_image_alt": "",
            "body": streamfield(body),
            "comments": inline_formset([]),
            **fields,
        }
    )


def every_capsule(image_pk: int) -> list:
    return [
        ("text", {"heading": "Start", "text": rich_text("<p>Flour and water.</p>")}),
        ("image", {"image": image_pk, "alt_text": "Dough", "caption": "Risen", "credit": ""}),
        ("list", {"style": "numbered", "items": streamfield([("item", rich_text("<p>Mix</p>"))])}),
        ("quote", {"quote": "Patience.", "attribution": "A baker", "source_url": ""}),
        ("footnote", {"text": "Times vary."}),
        ("code", {"language": "", "code": "mix; rest; bake", "caption": ""}),
        ("chart", CHART),
    ]


@pytest.mark.django_db
def test_author_writes_a_hub_with_every_capsule_in_the_editor(client, channel, writer):
    image = make_image()
    client.force_login(writer)
    add_url = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", channel.pk])
    assert client.get(add_url).status_code == 200
    response = client.post(add_url, hub_form(every_capsule(image.pk)))
    assert response.status_code == 302, response.content.decode()[:2000]
    hub = ArticlePage.objects.get(slug="bread-by-hand")
    assert hub.owner == writer and hub.live is False
    types = [block.block_type for block in hub.get_latest_revision_as_object().body]
    assert types == ["text", "image", "list", "quote", "footnote", "code", "chart"]


@pytest.mark.django_db
def test_editor_refuses_a_chart_with_a_non_number(client, channel, writer):
    client.force_login(writer)
    add_url = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", channel.pk])
    response = client.post(add_url, hub_form([("chart", {**CHART, "data": "Portugal, many"})]))
    assert response.status_code == 200  # the form comes back with the error
    # StreamField errors reach the editor as JSON for its scripts.
    assert "Line 1: \\u201cmany\\u201d is not a number." in response.content.decode()
    assert not ArticlePage.objects.filter(slug="bread-by-hand").exists()


@pytest.mark.django_db
def test_editor_refuses_an_image_without_alt_text(client, channel, writer):
    image = make_image()
    client.force_login(writer)
    add_url = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", channel.pk])
    body = [("image", {"image": image.pk, "alt_text": "", "caption": "x", "credit": ""})]
    response = client.post(add_url, hub_form(body))
    assert response.status_code == 200
    assert "&quot;alt_text&quot;: {&quot;messages&quot;" in response.content.decode()
    assert not ArticlePage.objects.filter(slug="bread-by-hand").exists()


@pytest.mark.django_db
def test_author_cannot_edit_someone_elses_hub(client, channel, writer):
    other = make_hub(channel, UserFactory(), title="Not yours")
    client.force_login(writer)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[other.pk]))
    assert response.status_code in (302, 403, 404)


@pytest.mark.django_db
def test_publishing_through_the_editor_updates_updated_on(client, channel):
    editor = UserFactory(is_staff=True, is_superuser=True)
    hub = make_hub(channel, editor, title="Bread by hand")
    old = timezone.now() - timedelta(days=90)
    ArticlePage.objects.filter(pk=hub.pk).update(last_published_at=old)
    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[hub.pk])
    response = client.post(
        edit_url,
        hub_form(
            [("text", {"heading": "", "text": rich_text("<p>New words</p>")})],
            **{"action-publish": "publish"},
        ),
    )
    assert response.status_code == 302
    hub.refresh_from_db()
    assert hub.last_published_at > old + timedelta(days=89)
    html = client.get(hub.url).content.decode()
    assert "New words" in html
    assert f'Updated on <time datetime="{hub.last_published_at.isoformat()}">' in html
