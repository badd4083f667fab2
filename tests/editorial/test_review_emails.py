"""Emails about editorial review, each one a preference in the person's settings."""

import pytest
from django.core import mail
from django.test import Client, TestCase
from django_tasks_db.models import DBTaskResult
from wagtail.users.models import UserProfile

from quire.accounts.models import NotificationPreferences
from quire.editorial.services import hub_feature
from tests.editorial.test_workflow import act, submit_new_hub
from tests.factories import make_hub
from tests.tasks import run_queued

pytestmark = pytest.mark.django_db


def settings_form(**review) -> dict:
    data = {"profile-display_name": "Ana Writer", "prefs-email_on_reply": "on"}
    return {**data, **{f"review-{k}": "on" for k, v in review.items() if v}}


def test_readers_see_no_review_emails_and_authors_no_submission_emails(reader, writer, editor):
    client = Client()
    client.force_login(reader)
    assert "Editorial review emails" not in client.get("/accounts/settings/").content.decode()
    client.force_login(writer)
    page = client.get("/accounts/settings/").content.decode()
    assert "Email me when an editor features" in page and "is submitted for review" not in page
    client.force_login(editor)
    assert "is submitted for review" in client.get("/accounts/settings/").content.decode()


def test_the_settings_page_keeps_the_choices(writer):
    client = Client()
    client.force_login(writer)
    response = client.post("/accounts/settings/", settings_form(approved_notifications=True))
    assert response.status_code == 302
    profile = UserProfile.get_for_user(writer)
    assert profile.approved_notifications and not profile.rejected_notifications
    assert not NotificationPreferences.objects.get(user=writer).email_on_featured
    # An author cannot switch on emails meant for editors by posting the field.
    client.post("/accounts/settings/", settings_form(submitted_notifications=True))
    profile.refresh_from_db()
    assert profile.submitted_notifications is True  # untouched default, not from the post
    client.post("/accounts/settings/", settings_form())
    profile.refresh_from_db()
    assert profile.submitted_notifications is True


def test_featuring_emails_the_author_unless_they_said_no(channel, writer, editor):
    hub = make_hub(channel, writer, title="Bread by hand")
    with TestCase.captureOnCommitCallbacks(execute=True):
        hub_feature(hub, editor, featured=True)
    run_queued(DBTaskResult.objects.all())
    assert [m.to for m in mail.outbox] == [[writer.email]]
    assert "“Bread by hand” is featured" in mail.outbox[0].subject
    assert hub.url in mail.outbox[0].body

    NotificationPreferences.objects.update_or_create(
        user=writer, defaults={"email_on_featured": False}
    )
    hub_feature(hub, editor, featured=False)
    with TestCase.captureOnCommitCallbacks(execute=True):
        hub_feature(hub, editor, featured=True)
    run_queued(DBTaskResult.objects.all())
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("wants", [True, False])
def test_an_approval_email_follows_the_authors_choice(client, channel, writer, editor, wants):
    profile = UserProfile.get_for_user(writer)
    profile.approved_notifications = wants
    profile.save()
    client.force_login(writer)
    hub = submit_new_hub(client, channel)
    mail.outbox.clear()
    client.force_login(editor)
    with TestCase.captureOnCommitCallbacks(execute=True):
        act(client, hub, "approve", comment="")
    to_author = [m for m in mail.outbox if writer.email in m.to]
    assert bool(to_author) is wants
