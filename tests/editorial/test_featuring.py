"""Featured hubs: what editors choose, what readers and search engines see."""

import pytest
from django.urls import reverse

from quire.articles.models import ArticlePage
from quire.editorial.models import EditorialSettings
from quire.editorial.services import EditorialError, hub_feature
from tests.factories import make_hub


@pytest.mark.django_db
def test_editor_features_a_hub_from_the_featuring_page(client, channel, author, editor):
    hub = make_hub(channel, author, title="Worth featuring")
    client.force_login(editor)
    listing = client.get(reverse("editorial_admin:featuring")).content.decode()
    assert "Worth featuring" in listing
    response = client.post(
        reverse("editorial_admin:feature", args=[hub.pk]),
        {"featured": "1", "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("editorial_admin:featuring")  # no open redirect
    hub.refresh_from_db()
    assert hub.featured and hub.featured_at
    featured_tab = client.get(reverse("editorial_admin:featuring"), {"tab": "featured"})
    assert "Worth featuring" in featured_tab.content.decode()
    client.post(reverse("editorial_admin:feature", args=[hub.pk]), {"featured": "0"})
    hub.refresh_from_db()
    assert not hub.featured and hub.featured_at is None


@pytest.mark.django_db
def test_only_editors_feature_and_only_published_hubs(channel, author, editor):
    draft = make_hub(channel, author, title="Draft", publish=False)
    with pytest.raises(EditorialError, match="Only a published hub"):
        hub_feature(draft, editor, featured=True)
    hub = make_hub(channel, author, title="Published")
    with pytest.raises(EditorialError, match="Only editors"):
        hub_feature(hub, author, featured=True)


@pytest.mark.django_db
def test_featuring_survives_publishing_an_unchanged_state(client, channel, author, editor):
    """Featured is the editor's, never a revision's: publishing an old revision keeps it."""
    settings = EditorialSettings.load()
    settings.reassess_featured_on_edit = False
    settings.save()
    hub = make_hub(channel, author, title="Kept")
    hub_feature(hub, editor, featured=True)
    hub.refresh_from_db()
    hub.save_revision(user=author).publish()
    assert ArticlePage.objects.get(pk=hub.pk).featured


@pytest.mark.django_db
def test_editing_a_featured_hub_sends_it_back_for_assessment(channel, author, editor):
    hub = make_hub(channel, author, title="Changed later")
    hub_feature(hub, editor, featured=True)
    hub = ArticlePage.objects.get(pk=hub.pk)
    hub.summary = "A new summary."
    hub.save_revision(user=author).publish()
    assert not ArticlePage.objects.get(pk=hub.pk).featured


@pytest.mark.django_db
def test_unfeatured_hubs_are_noindex_and_left_out_of_related(client, channel, author):
    plain = make_hub(channel, author, title="Plain hub")
    star = make_hub(channel, author, title="Star hub", featured=True)
    other = make_hub(channel, author, title="Other star", featured=True)
    plain_html = client.get(plain.url).content.decode()
    assert '<meta name="robots" content="noindex">' in plain_html
    star_html = client.get(star.url).content.decode()
    assert 'content="noindex"' not in star_html
    related = star_html.split('id="related-title"', 1)[1].split("</section>", 1)[0]
    assert "Other star" in related
    assert "Plain hub" not in related and "Star hub" not in related  # not itself
    assert other.pk


@pytest.mark.django_db
def test_featuring_page_is_for_editors(client, writer):
    client.force_login(writer)
    response = client.get(reverse("editorial_admin:featuring"))
    assert response.status_code in (302, 403)
    assert "Featuring" not in client.get(reverse("wagtailadmin_home")).content.decode()
