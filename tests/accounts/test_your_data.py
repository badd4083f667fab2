"""Download my data and delete my account: background tasks that email when done."""

import io
import json
import re
import zipfile
from decimal import Decimal

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, TestCase
from django_tasks_db.models import DBTaskResult
from wagtail.images import get_image_model

from quire.accounts.deletion import FORMER_AUTHOR_NAME
from quire.accounts.models import DataExport
from quire.articles.models import ArticlePage
from quire.comments.models import Comment
from tests.factories import UserFactory, make_hub, make_image, text_block
from tests.tasks import run_queued

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


class CommittingClient(Client):
    """Runs what a request leaves for after its commit (queueing tasks), as in production."""

    def post(self, *args, **kwargs):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().post(*args, **kwargs)


def signed_in(user) -> Client:
    client = CommittingClient()
    client.force_login(user)
    return client


def comment(hub, user, text, parent=None):
    return Comment.objects.create(
        hub=hub, user=user, text=text, parent=parent, status="published", ip_address="10.1.2.3"
    )


def image_block(image) -> dict:
    return {
        "type": "image",
        "value": {"image": image.pk, "alt_text": "Dough", "caption": "", "credit": ""},
    }


@pytest.fixture
def hub_with_picture(channel, author):
    picture = make_image("Dough")
    picture.uploaded_by_user = author
    picture.save()
    hub = make_hub(channel, author, title="Slow bread", body=[text_block("Rise.")])
    hub.body = [text_block("Rise slowly."), image_block(picture)]
    hub.save_revision(user=author)  # a draft change on top of the published hub
    return hub, picture


def test_download_my_data_is_built_in_the_background_and_emailed(author, reader, hub_with_picture):
    hub, picture = hub_with_picture
    comment(hub, author, "Thanks for reading!")
    client = signed_in(author)
    assert client.get("/accounts/settings/data/").status_code == 200
    response = client.post("/accounts/settings/data/")
    assert response.status_code == 302
    export = DataExport.objects.get(user=author)
    assert export.status == "queued"
    # Asking again while it is prepared queues nothing more.
    client.post("/accounts/settings/data/")
    assert DataExport.objects.count() == 1
    run_queued(DBTaskResult.objects.all())
    export.refresh_from_db()
    assert export.status == "ready" and export.size > 0
    link = re.search(r"http://\S+/accounts/settings/data/", mail.outbox[-1].body)
    assert mail.outbox[-1].to == [author.email] and link

    download = client.get(
        f"/accounts/settings/data/{export.pk}/download/", HTTP_ACCEPT_ENCODING="gzip, br"
    )
    assert download.status_code == 200
    assert not download.has_header("Content-Encoding")  # a zip is not gzipped again
    assert download["Content-Disposition"].startswith("attachment;")
    assert "no-store" in download["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = set(archive.namelist())
    image_file = next(n for n in names if n.startswith("images/"))
    assert {"README.txt", "account.json", "comments.json", "hubs.json"} <= names
    account = json.loads(archive.read("account.json"))
    assert account["email"] == author.email and account["profile"]["name"] == "Hana Okafor"
    comments = json.loads(archive.read("comments.json"))
    assert [c["text"] for c in comments] == ["Thanks for reading!"]
    hubs = json.loads(archive.read("hubs.json"))
    assert hubs[0]["status"] == "Published, with unpublished changes"
    markdown = archive.read(hubs[0]["file"]).decode()
    # The latest version (the draft), pointing at the picture that travels with it.
    assert "Rise slowly." in markdown and f"](../{image_file})" in markdown
    assert image_file == f"images/{picture.pk}-{picture.file.name.rsplit('/', 1)[-1]}"

    # Nobody else can download it, not even by its number.
    assert (
        signed_in(reader).get(f"/accounts/settings/data/{export.pk}/download/").status_code == 404
    )
    assert Client().get(f"/accounts/settings/data/{export.pk}/download/").status_code == 302
    # It is not a public file: it lives outside the media folder the web server shows.
    from django.conf import settings

    assert not export.file.path.startswith(str(settings.MEDIA_ROOT) + "/exports")
    assert export.file.path.startswith(str(settings.PRIVATE_ROOT))


def test_an_expired_export_cannot_be_downloaded(author):
    from django.utils import timezone

    client = signed_in(author)
    client.post("/accounts/settings/data/")
    run_queued(DBTaskResult.objects.all())
    export = DataExport.objects.get(user=author)
    DataExport.objects.filter(pk=export.pk).update(
        finished_at=timezone.now() - timezone.timedelta(days=8)
    )
    response = client.get(f"/accounts/settings/data/{export.pk}/download/")
    assert response.status_code == 302
    assert "expired" in client.get("/accounts/settings/data/").content.decode()


def delete_form(**overrides) -> dict:
    return {"hubs": "keep", "comments": "keep", "password": PASSWORD, "confirm": "on", **overrides}


def test_deleting_needs_the_password_and_a_confirmation(author, hub):
    client = signed_in(author)
    page = client.get("/accounts/settings/delete/")
    assert page.status_code == 200 and "Your hubs (1)" in page.content.decode()
    wrong = client.post("/accounts/settings/delete/", delete_form(password="guess"))
    assert wrong.status_code == 400 and "not your password" in wrong.content.decode()
    unconfirmed = client.post("/accounts/settings/delete/", delete_form(confirm=""))
    assert "Tick the box" in unconfirmed.content.decode()
    no_choice = client.post("/accounts/settings/delete/", delete_form(hubs=""))
    assert "Choose what happens to your hubs" in no_choice.content.decode()
    author.refresh_from_db()
    assert author.is_active
    assert not DBTaskResult.objects.filter(task_path__endswith="account_delete_task").exists()


def test_a_cross_site_request_cannot_delete_an_account(author):
    client = CommittingClient(enforce_csrf_checks=True)
    client.force_login(author)
    assert client.post("/accounts/settings/delete/", delete_form()).status_code == 403
    author.refresh_from_db()
    assert author.is_active


def test_keep_hubs_under_former_author_and_comments_as_deleted_user(
    author, reader, hub_with_picture
):
    hub, picture = hub_with_picture
    mine = comment(hub, reader, "Lovely crumb.")
    email = reader.email
    reply = comment(hub, author, "Thank you!", parent=mine)
    client = signed_in(reader)
    response = client.post("/accounts/settings/delete/", delete_form())
    assert response.status_code == 302 and response["Location"] == "/accounts/deleted/"
    reader.refresh_from_db()
    assert not reader.is_active
    # Signed out at once, and cannot sign in again while the task runs.
    assert client.get("/accounts/settings/").status_code == 302
    run_queued(DBTaskResult.objects.all())
    assert not get_user_model().objects.filter(pk=reader.pk).exists()
    mine.refresh_from_db()
    assert mine.user is None and mine.writer_name == "Deleted user" and mine.ip_address is None
    assert mine.text == "Lovely crumb."
    assert "Comments kept, signed “Deleted user”: 1." in mail.outbox[-1].body
    assert mail.outbox[-1].to == [email]

    # The author leaves too, keeping the hubs.
    signed_in(author).post("/accounts/settings/delete/", delete_form())
    run_queued(DBTaskResult.objects.all())
    hub.refresh_from_db()
    assert hub.live and hub.owner.author_profile.display_name == FORMER_AUTHOR_NAME
    assert not hub.owner.is_active and not hub.owner.has_usable_password()
    page = Client().get(hub.url).content.decode()
    assert FORMER_AUTHOR_NAME in page and "Hana Okafor" not in page
    reply.refresh_from_db()
    assert reply.user is None
    assert get_image_model().objects.filter(pk=picture.pk).exists()
    assert "Hubs kept on the site under “Former author”: 1." in mail.outbox[-1].body


def test_delete_hubs_and_remove_comments(channel, author, reader, hub_with_picture):
    hub, picture = hub_with_picture
    other = make_hub(channel, reader, title="Someone else's hub")
    answered = comment(other, author, "A question?")
    comment(other, reader, "An answer.", parent=answered)
    alone = comment(other, author, "Nice.")
    signed_in(author).post(
        "/accounts/settings/delete/", delete_form(hubs="delete", comments="remove")
    )
    run_queued(DBTaskResult.objects.all())
    assert not ArticlePage.objects.filter(pk=hub.pk).exists()
    assert not get_image_model().objects.filter(pk=picture.pk).exists()
    assert not Comment.objects.filter(pk=alone.pk).exists()
    answered.refresh_from_db()
    # Its reply keeps its place under a "deleted by its writer" placeholder.
    assert answered.is_deleted and answered.text == "" and answered.user is None
    assert answered.replies.count() == 1
    body = mail.outbox[-1].body
    assert "Hubs deleted: 1 (and 1 picture)." in body and "Comments removed: 2." in body


def test_an_account_without_a_password_reauthenticates_first(reader):
    from allauth.account.models import EmailAddress

    reader.set_unusable_password()
    reader.save()
    EmailAddress.objects.create(user=reader, email=reader.email, verified=True, primary=True)
    SocialAccount.objects.create(user=reader, provider="google", uid="42")
    client = signed_in(reader)
    page = client.get("/accounts/settings/delete/")
    assert page.status_code == 200 and 'type="password"' not in page.content.decode()
    response = client.post("/accounts/settings/delete/", delete_form(password=""))
    # A code sent to their verified address stands in for the password.
    assert response.status_code == 302 and "/reauthenticate/code/" in response["Location"]
    reader.refresh_from_db()
    assert reader.is_active


def test_administrators_cannot_delete_themselves_here():
    admin = UserFactory(is_superuser=True, is_staff=True)
    response = signed_in(admin).post("/accounts/settings/delete/", delete_form())
    assert response.status_code == 302
    admin.refresh_from_db()
    assert admin.is_active


def test_earnings_records_stay_and_an_unpaid_balance_blocks_deletion(channel, author):
    from quire.earnings.models import LedgerEntry
    from quire.earnings.services import balance

    LedgerEntry.objects.create(
        author=author, kind="correction", amount=Decimal("5.00"), currency="USD"
    )
    client = signed_in(author)
    response = client.post("/accounts/settings/delete/", delete_form())
    assert response.status_code == 400 and "5.00 of earnings not paid" in response.content.decode()
    LedgerEntry.objects.create(
        author=author, kind="correction", amount=Decimal("-5.00"), currency="USD"
    )
    assert balance(author) == 0
    assert client.post("/accounts/settings/delete/", delete_form()).status_code == 302
    run_queued(DBTaskResult.objects.all())
    assert not get_user_model().objects.filter(pk=author.pk).exists()
    # The site's accounts keep both entries, now under the former author.
    assert LedgerEntry.objects.count() == 2
    assert {e.author.author_profile.display_name for e in LedgerEntry.objects.all()} == {
        FORMER_AUTHOR_NAME
    }
