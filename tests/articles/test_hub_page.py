import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from quire.articles.models import ArticlePage
from tests.factories import UserFactory, make_hub, make_image, text_block

CHART = {
    "type": "chart",
    "value": {
        "title": "Figures",
        "kind": "bar",
        "data": "A, 1\nB, 2",
        "unit": "",
        "caption": "",
        "source": "",
    },
}


@pytest.fixture
def author(db):
    user = UserFactory(first_name="Nadia", last_name="Haddad")
    profile = user.author_profile
    profile.bio = "Writes about bread & <b>butter</b>."
    profile.save()
    return user


@pytest.mark.django_db
def test_hub_shows_every_part_of_the_reference_anatomy(client, channel, author):
    image = make_image()
    body = [
        text_block("Opening words.", heading="First section"),
        {
            "type": "image",
            "value": {
                "image": image.pk,
                "alt_text": "A loaf",
                "caption": "Fresh from the oven",
                "credit": "",
            },
        },
        {"type": "list", "value": {"style": "bulleted", "items": ["<p>Flour</p>", "<p>Water</p>"]}},
        CHART,
        {"type": "footnote", "value": {"text": "Figures are rounded."}},
    ]
    hub = make_hub(
        channel,
        author,
        title="Bread at home",
        summary="How to bake bread.",
        body=body,
        lead_image=image,
        lead_image_alt="Loaf on a board",
    )
    response = client.get(hub.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r"<h1[ >]", html) == ["<h1 "]  # exactly one h1
    assert '<h1 class="hub-title">Bread at home</h1>' in html
    assert f'<p class="kicker"><a href="{channel.url}">Food</a></p>' in html
    published = hub.last_published_at
    date = f"{published:%B} {published.day}, {published.year}"
    assert f'Updated on <time datetime="{published.isoformat()}">{date}</time>' in html
    profile = author.author_profile
    assert f'<a rel="author" href="{profile.get_absolute_url()}">Nadia Haddad</a>' in html
    assert "Writes about bread &amp; &lt;b&gt;butter&lt;/b&gt;." in html  # bio escaped
    assert '<svg class="avatar' in html  # initials avatar when none uploaded
    assert f"© {hub.first_published_at.year} Nadia Haddad" in html
    assert 'alt="Loaf on a board"' in html
    for part in [
        "<h2>First section</h2>",
        "Fresh from the oven",
        "<li><p>Flour</p></li>",
        'class="chart chart-bar"',
        "Figures are rounded.",
    ]:
        assert part in html, part
    assert '<html lang="en">' in html and 'href="#main"' in html and '<main id="main"' in html
    assert "<title>Bread at home · Quire</title>" in html
    assert '<meta name="description" content="How to bake bread.">' in html


@pytest.mark.django_db
def test_updated_on_follows_the_latest_published_revision(client, channel, author):
    hub = make_hub(channel, author, title="Soup")
    long_ago = timezone.now() - timedelta(days=400)
    ArticlePage.objects.filter(pk=hub.pk).update(
        last_published_at=long_ago, first_published_at=long_ago
    )
    assert f"{long_ago:%B} {long_ago.day}, {long_ago.year}" in client.get(hub.url).content.decode()

    hub.refresh_from_db()
    hub.title = "Soup, revised"
    hub.save_revision(user=author).publish()
    hub.refresh_from_db()
    html = client.get(hub.url).content.decode()
    today = hub.last_published_at
    assert today.date() == timezone.now().date()
    assert f'Updated on <time datetime="{today.isoformat()}">' in html
    # the copyright keeps the year of first publication
    assert f"© {long_ago.year} Nadia Haddad" in html


@pytest.mark.django_db
def test_draft_hub_is_not_public(client, channel, author):
    hub = make_hub(channel, author, title="Not yet", publish=False)
    assert client.get(f"{channel.url}not-yet/").status_code == 404
    assert hub.live is False


@pytest.mark.django_db
def test_editor_preview_renders_an_unpublished_hub(client, channel, author):
    admin = UserFactory(is_superuser=True, is_staff=True)
    hub = make_hub(channel, author, title="Preview me", publish=False)
    client.force_login(admin)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[hub.pk])).status_code == 200
    data = nested_form_data(
        {
            "title": "Preview me",
            "slug": "preview-me",
            "summary": "A summary.",
            "lead_image": "",
            "lead_image_alt": "",
            "body": streamfield(
                [
                    (
                        "text",
                        {"heading": "Seen in preview", "text": rich_text("<p>Secret words</p>")},
                    ),
                    ("chart", {**CHART["value"]}),
                ]
            ),
            "comments": inline_formset([]),
        }
    )
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[hub.pk])
    assert client.post(preview_url, data).json()["is_valid"] is True
    html = client.get(preview_url).content.decode()
    assert "Secret words" in html and "Seen in preview" in html
    assert "Draft: not yet published" in html and 'class="chart chart-bar"' in html


@pytest.mark.django_db
def test_hub_page_query_count_does_not_grow_with_capsules(
    client, channel, author, django_assert_max_num_queries
):
    image = make_image()
    body = (
        [text_block(f"Paragraph {i}") for i in range(10)]
        + [CHART] * 3
        + [
            {
                "type": "image",
                "value": {"image": image.pk, "alt_text": "x", "caption": "", "credit": ""},
            }
        ]
    )
    hub = make_hub(channel, author, title="Long", body=body)
    client.get(hub.url)  # warm renditions and caches
    with django_assert_max_num_queries(13):
        assert client.get(hub.url).status_code == 200


@pytest.mark.django_db
def test_new_hub_through_the_admin_keeps_alt_text_rule(client, channel):
    """Authors write in Wagtail's admin: a lead image without alt text is refused."""
    image = make_image()
    hub = ArticlePage(title="x", summary="y", body=[], lead_image=image, lead_image_alt=" ")
    with pytest.raises(ValidationError) as error:
        hub.clean()
    assert "lead_image_alt" in error.value.message_dict


@pytest.mark.django_db
def test_reader_pages_load_nothing_from_another_origin(client, channel, author):
    image = make_image()
    hub = make_hub(
        channel, author, title="Local only", body=[CHART], lead_image=image, lead_image_alt="x"
    )
    for url in ["/", channel.url, hub.url, author.author_profile.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert not re.search(r'(src|srcset)="(https?:)?//', html), url
        # Links the browser fetches (stylesheets, icons, preloads) stay on the site; the
        # canonical address is a name, not a fetch.
        fetched = re.findall(r'<link rel="(?!canonical|alternate)[^"]*"[^>]*href="([^"]+)"', html)
        assert fetched and not [h for h in fetched if re.match(r"(https?:)?//", h)], url
