"""The whole way of a new writer's first hub, through the site's own pages and forms."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from wagtail.test.utils.form_data import rich_text

from quire.articles.models import ArticlePage, ChannelPage
from tests.editorial.conftest import WORDS, hub_form
from tests.factories import make_image
from tests.tasks import run_queued

TITLE = "Sourdough for the impatient"


def three_capsules(image) -> list:
    return [
        ("text", {"heading": "Why wait", "text": rich_text(f"<p>{WORDS}</p>")}),
        ("image", {"image": image.pk, "alt_text": "A loaf", "caption": "Day two", "credit": ""}),
        ("quote", {"quote": "Bread is patience.", "attribution": "A baker", "source_url": ""}),
    ]


@pytest.mark.django_db
def test_sign_up_to_featured_hub(channel, editor, other_writer):
    writer = Client()
    # sign up and confirm the email address
    writer.post(
        "/accounts/signup/",
        {
            "email": "new.writer@example.org",
            "password1": "a long and unusual passphrase",
            "password2": "a long and unusual passphrase",
            "display_name": "Noor Haddad",
        },
    )
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group()
    writer.post(link.split("testserver", 1)[-1])
    writer.post(
        "/accounts/login/",
        {"login": "new.writer@example.org", "password": "a long and unusual passphrase"},
    )
    user = get_user_model().objects.get(email="new.writer@example.org")
    assert writer.get(reverse("wagtailadmin_home")).status_code == 302  # a reader, not yet

    # become an author
    writer.post(reverse("become_author"), {"accept": "on"})
    assert writer.get(reverse("wagtailadmin_home")).status_code == 200

    # write a hub with three capsules and submit it
    image = make_image(title="My loaf")
    image.uploaded_by_user = user
    image.save()
    add = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", channel.pk])
    form = hub_form(three_capsules(image), image=image, title=TITLE, slug="sourdough")
    response = writer.post(add, {**form, "action-submit": "Submit"})
    assert response.status_code == 302, response.content.decode()[:2000]
    hub = ArticlePage.objects.get(slug="sourdough")
    assert hub.owner == user and not hub.live

    # another author sees none of it before publication
    run_queued(DBTaskResult.objects.all())
    other = Client()
    other.force_login(other_writer)
    for url in (
        reverse("wagtailadmin_explore", args=[channel.pk]),
        reverse("wagtailadmin_pages:search") + "?q=sourdough",
        reverse("wagtailadmin_home"),
    ):
        assert TITLE not in other.get(url).content.decode()
    assert other.get(reverse("wagtailadmin_pages:edit", args=[hub.pk])).status_code == 404
    assert Client().get(f"{channel.url}sourdough/").status_code == 404  # nor any reader

    # the editor requests changes; the author reads the note, edits and resubmits
    reviewer = Client()
    reviewer.force_login(editor)

    def act(action: str, **data):
        state = hub.workflow_states.latest("pk").current_task_state
        url = reverse("wagtailadmin_pages:workflow_action", args=[hub.pk, action, state.pk])
        return reviewer.post(url, data)

    act("reject", comment="Say how long the starter takes.")
    dashboard = writer.get(reverse("wagtailadmin_home")).content.decode()
    assert "Changes requested" in dashboard and "Say how long the starter takes." in dashboard
    edited = hub_form(
        [*three_capsules(image), ("footnote", {"text": "The starter takes five days."})],
        image=image,
        title=TITLE,
        slug="sourdough",
    )
    edit = reverse("wagtailadmin_pages:edit", args=[hub.pk])
    response = writer.post(edit, {**edited, "action-restart-workflow": "Resubmit"})
    assert response.status_code == 302, response.content.decode()[:2000]

    # the editor approves (publishes) and features it
    act("approve")
    hub.refresh_from_db()
    assert hub.live
    reviewer.post(reverse("editorial_admin:feature", args=[hub.pk]), {"featured": "1"})

    reader = Client()
    assert TITLE in reader.get("/").content.decode()
    assert TITLE in reader.get(ChannelPage.objects.get(pk=channel.pk).url).content.decode()
    page = reader.get(hub.url).content.decode()
    assert "The starter takes five days." in page and 'content="noindex"' not in page
    assert TITLE in writer.get(reverse("wagtailadmin_home")).content.decode()
    assert "Featured" in writer.get(reverse("wagtailadmin_home")).content.decode()
