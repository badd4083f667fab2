"""A small site with one of everything a URL can name, built once for a module.

The fuzz walk sends a few thousand requests; building hubs, comments, pictures and
payouts for each would cost more than the requests. The world is made inside a
transaction that stays open for the module (each test's own transaction is a savepoint
within it, as Django's ``setUpTestData``) and is rolled back at the end, so nothing
outlives the module.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.utils import timezone

from quire.accounts.roles import AUTHORS_GROUP
from quire.articles.models import ChannelPage, HomePage
from tests.factories import UserFactory, make_hub, make_image
from tests.stats.conftest import _clear as stats_clear

ROLES = ("anonymous", "reader", "author", "editor", "superuser")
# Each role's requests come from an address of its own (TEST-NET-2), so the walk's
# per-address counters (comments, sign-in, beacons, consent) touch no other test.
ADDRESSES = {role: f"198.51.100.{n + 10}" for n, role in enumerate(ROLES)}


@dataclass
class World:
    users: dict = field(default_factory=dict)
    clients: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def __getitem__(self, name):
        return self.objects[name]


def _product_body() -> list:
    return [
        {"type": "text", "value": {"heading": "", "text": "<p>Some words.</p>"}},
        {
            "type": "product",
            "id": str(uuid.UUID(int=7)),
            "value": {
                "name": "A bread knife",
                "description": "Sharp.",
                "link": "https://shop.example.org/knife",
                "link_text": "See the product",
            },
        },
    ]


def _build(world: World) -> None:
    from allauth.socialaccount.models import SocialApp
    from django.contrib.contenttypes.models import ContentType
    from wagtail.admin.models import EditingSession
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents import get_document_model
    from wagtail.models import (
        Collection,
        Page,
        PageViewRestriction,
        TaskState,
        UploadedFile,
        Workflow,
    )

    from quire.accounts.models import DataExport
    from quire.comments.models import Comment
    from quire.consent.models import Service
    from quire.earnings.models import AdSlot, Membership, Payout, PayoutRun, RevenueEntry
    from quire.imports.models import ImportJob

    users = world.users
    users["reader"] = UserFactory(first_name="Rea", last_name="Der")
    users["author"] = UserFactory(first_name="Aut", last_name="Hor")
    users["author"].groups.add(Group.objects.get(name=AUTHORS_GROUP))
    other = UserFactory(first_name="Oth", last_name="Er")
    other.groups.add(Group.objects.get(name=AUTHORS_GROUP))
    users["editor"] = UserFactory(first_name="Edi", last_name="Tor")
    users["editor"].groups.add(Group.objects.get(name="Editors"))
    users["superuser"] = get_user_model().objects.create_superuser(
        "fuzzroot", "fuzzroot@example.org", "correct horse battery staple"
    )
    author = users["author"]

    o = world.objects
    o["home"] = HomePage.objects.get()
    o["channel"] = ChannelPage.objects.get(slug="food")
    o["hub"] = make_hub(o["channel"], author, title="Fuzz bread", body=_product_body())
    o["draft"] = make_hub(o["channel"], author, title="Fuzz draft", publish=False)
    o["other_draft"] = make_hub(o["channel"], other, title="Other draft", publish=False)
    o["protected"] = make_hub(o["channel"], author, title="Fuzz protected")
    o["restriction"] = PageViewRestriction.objects.create(
        page=o["protected"], restriction_type=PageViewRestriction.PASSWORD, password="rye"
    )
    o["revision"] = o["hub"].latest_revision
    o["block_id"] = uuid.UUID(int=7)

    o["comment"] = Comment.objects.create(
        hub=o["hub"], user=users["reader"], text="A kind word.", status="published"
    )
    o["reply"] = Comment.objects.create(
        hub=o["hub"], parent=o["comment"], user=author, text="Thanks.", status="published"
    )
    o["protected_comment"] = Comment.objects.create(
        hub=o["protected"], user=users["reader"], text="Behind a password.", status="published"
    )

    o["image"] = make_image(title="Fuzz picture")
    o["image"].uploaded_by_user = author
    o["image"].save()
    o["collection"] = Collection.get_first_root_node()
    document = get_document_model()(title="Fuzz document", uploaded_by_user=author)
    document.file.save("fuzz.txt", ContentFile(b"A document."), save=False)
    document.save()
    o["document"] = document
    o["uploaded_file"] = UploadedFile.objects.create(
        file=ContentFile(b"x", name="upload.png"), uploaded_by_user=author, for_content_type=None
    )

    # A draft in review: a workflow state and a task state to act on.
    o["workflow"] = Workflow.objects.filter(active=True).first()
    o["workflow_state"] = o["workflow"].start(o["draft"], author)
    o["task_state"] = TaskState.objects.filter(workflow_state=o["workflow_state"]).first()
    o["task"] = o["task_state"].task

    o["import_job"] = ImportJob.objects.create(
        user=author, kind="wxr", filename="export.xml", status=ImportJob.Status.DONE
    )
    export = DataExport(user=users["reader"], status=DataExport.Status.READY)
    export.file.save("export.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18), save=False)
    export.save()
    o["data_export"] = export

    Membership.objects.create(user=author, paypal_email="aut@example.org")
    o["revenue"] = RevenueEntry.objects.create(
        month=date.today().replace(day=1) - timedelta(days=40),
        network="adsense",
        amount="12.34",
        currency="EUR",
        entered_by=users["superuser"],
    )
    o["payout_run"] = PayoutRun.objects.create(created_by=users["superuser"], currency="EUR")
    o["payout"] = Payout.objects.create(
        run=o["payout_run"], author=author, amount="5.00", paypal_email="aut@example.org"
    )
    o["ad_slot"] = AdSlot.objects.create(position="sidebar", network="", code="")
    o["service"] = Service.objects.order_by("pk").first()
    o["social_app"] = SocialApp.objects.create(
        provider="google", name="Google", client_id="id", secret="secret"
    )
    o["redirect"] = Redirect.objects.create(old_path="/old-fuzz", redirect_link="/")
    o["author_profile"] = author.author_profile
    o["editing_session"] = EditingSession.objects.create(
        user=author,
        content_type=ContentType.objects.get_for_model(Page),
        object_id=str(o["hub"].pk),
        last_seen_at=timezone.now(),
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One of everything, and a signed-in client per role, for the whole module."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = World()
            _build(world)
            for role in ROLES:
                client = Client(raise_request_exception=False, REMOTE_ADDR=ADDRESSES[role])
                if role in world.users:
                    client.force_login(world.users[role])
                world.clients[role] = client
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _walk_settings(settings):
    # allauth's rate limits would answer 429 before the views are reached.
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.fixture(autouse=True)
def _world_files(world):
    """Files are not rolled back with the database: put back any a request deleted."""
    for key in ("data_export", "document", "image"):
        field_file = world[key].file
        if not field_file.storage.exists(field_file.name):
            field_file.storage.save(field_file.name, ContentFile(b"PK\x05\x06" + b"\x00" * 18))
    yield
    stats_clear()  # the beacon's buffer and counters live outside the database
