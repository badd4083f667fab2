"""Submit → editors' review → approve (publish) or request changes; nobody approves their
own hub; trusted authors may publish without review; pre-checks block a submission."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from quire.accounts.roles import TRUSTED_AUTHORS_GROUP
from quire.articles.models import ArticlePage
from quire.editorial.models import EditorialSettings
from tests.editorial.conftest import hub_form, ready_body
from tests.factories import make_hub


def add_url(channel):
    return reverse("wagtailadmin_pages:add", args=["articles", "articlepage", channel.pk])


def submit_new_hub(client, channel, **form) -> ArticlePage:
    response = client.post(add_url(channel), {**hub_form(**form), "action-submit": "Submit"})
    assert response.status_code == 302, response.content.decode()[:3000]
    return ArticlePage.objects.get(slug="bread-by-hand")


def task_state(hub) -> TaskState:
    return TaskState.objects.filter(workflow_state__object_id=str(hub.pk)).latest("pk")


def act(client, hub, action: str, **data):
    state = task_state(hub)
    url = reverse("wagtailadmin_pages:workflow_action", args=[hub.pk, action, state.pk])
    return client.post(url, data)


@pytest.mark.django_db
def test_a_submission_waits_for_an_editor_who_approves_it(client, channel, writer, editor):
    client.force_login(writer)
    hub = submit_new_hub(client, channel)
    assert not hub.live
    assert hub.workflow_states.get().status == WorkflowState.STATUS_IN_PROGRESS
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "In review" in dashboard

    client.force_login(editor)
    response = act(client, hub, "approve", comment="")
    assert response.status_code in (200, 302)
    hub.refresh_from_db()
    assert hub.live


@pytest.mark.django_db
def test_the_author_cannot_approve_their_own_hub(client, channel, editor, second_editor):
    """Even an editor's own hub waits for another editor."""
    client.force_login(editor)
    hub = submit_new_hub(client, channel)
    assert act(client, hub, "approve").status_code in (302, 403)  # Wagtail redirects a refusal
    hub.refresh_from_db()
    assert not hub.live
    # the review is not offered to them on their dashboard either
    assert task_state(hub) not in TaskState.objects.reviewable_by(editor)
    client.force_login(second_editor)
    act(client, hub, "approve")
    hub.refresh_from_db()
    assert hub.live


@pytest.mark.django_db
def test_an_author_cannot_act_on_a_review(client, channel, writer, other_writer):
    client.force_login(writer)
    hub = submit_new_hub(client, channel)
    client.force_login(other_writer)
    assert act(client, hub, "approve").status_code in (302, 403, 404)
    hub.refresh_from_db()
    assert not hub.live


@pytest.mark.django_db
def test_changes_requested_reach_the_author_who_edits_and_resubmits(
    client, channel, writer, editor
):
    client.force_login(writer)
    hub = submit_new_hub(client, channel)
    client.force_login(editor)
    act(client, hub, "reject", comment="Please add a photo of the crumb.")
    assert hub.workflow_states.latest("pk").status == WorkflowState.STATUS_NEEDS_CHANGES

    client.force_login(writer)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Changes requested" in dashboard
    assert "Please add a photo of the crumb." in dashboard
    edit = reverse("wagtailadmin_pages:edit", args=[hub.pk])
    response = client.post(edit, {**hub_form(), "action-restart-workflow": "Resubmit"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert hub.workflow_states.latest("pk").status == WorkflowState.STATUS_IN_PROGRESS

    client.force_login(editor)
    act(client, hub, "approve")
    hub.refresh_from_db()
    assert hub.live


@pytest.mark.django_db
def test_failed_prechecks_block_a_submission_with_the_reason(client, channel, writer):
    client.force_login(writer)
    response = client.post(
        add_url(channel), {**hub_form(ready_body("Too short.")), "action-submit": "Submit"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not submitted: The body has 3 words; hubs need at least 700." in html
    assert not ArticlePage.objects.filter(slug="bread-by-hand").exists()


@pytest.mark.django_db
def test_a_draft_saves_whatever_its_state(client, channel, writer):
    client.force_login(writer)
    response = client.post(add_url(channel), hub_form(ready_body("Too short."), lead_image=""))
    assert response.status_code == 302
    hub = ArticlePage.objects.get(slug="bread-by-hand")
    assert not hub.live and not hub.workflow_states.exists()
    # the editor shows what still fails
    html = client.get(reverse("wagtailadmin_pages:edit", args=[hub.pk])).content.decode()
    assert "Before you submit" in html and "Choose a lead image" in html


@pytest.mark.django_db
def test_trusted_authors_publish_without_review_when_the_site_allows(client, channel, writer):
    writer.groups.add(Group.objects.get_or_create(name=TRUSTED_AUTHORS_GROUP)[0])
    client.force_login(writer)
    settings = EditorialSettings.load()

    hub = submit_new_hub(client, channel)
    assert not hub.live  # setting off: reviewed like anyone's
    hub.delete()

    settings.trusted_authors_publish = True
    settings.save()
    hub = submit_new_hub(client, channel)
    hub.refresh_from_db()
    assert hub.live
    assert hub.workflow_states.get().status == WorkflowState.STATUS_APPROVED


@pytest.mark.django_db
def test_an_author_cannot_publish_directly(client, channel, writer):
    client.force_login(writer)
    response = client.post(add_url(channel), {**hub_form(), "action-publish": "Publish"})
    assert response.status_code in (302, 403)
    hub = ArticlePage.objects.filter(slug="bread-by-hand").first()
    assert hub is None or not hub.live


@pytest.mark.django_db
def test_an_author_cannot_feature(client, channel, writer):
    hub = make_hub(channel, writer, title="Published")
    client.force_login(writer)
    response = client.post(reverse("editorial_admin:feature", args=[hub.pk]), {"featured": "1"})
    assert response.status_code in (302, 403)  # Wagtail redirects a refusal
    hub.refresh_from_db()
    assert not hub.featured
