"""Malformed requests to the editor get a 400 or a 404 with a message, never a server error:
Quire's own views through ``<id:…>`` and ``quire.core.params``, Wagtail's and Django's
through ``EditorBadRequestMiddleware`` (quire/core/middleware.py). The fuzz walk
(tests/security) found each of these."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import resolve
from modelsearch.index import insert_or_update_object
from wagtail.images import get_image_model

from quire.core.middleware import EditorBadRequestMiddleware
from quire.earnings.models import Membership
from tests.factories import make_hub, make_image, png_bytes

HUGE = "99999999999999999999999"  # past a 64-bit column: SQLite cannot bind it


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", f"/comments/hub/{HUGE}/"),
        ("get", f"/go/{HUGE}/ffffffff-ffff-ffff-ffff-ffffffffffff/"),
        ("post", f"/comments/{HUGE}/flag/"),
        ("get", f"/ads/frame/{HUGE}/"),
    ],
)
def test_an_id_past_what_the_database_stores_is_not_found(client, method, path):
    assert getattr(client, method)(path).status_code == 404


@pytest.mark.django_db
def test_an_editors_own_view_with_a_huge_id_is_not_found(client, editor):
    client.force_login(editor)
    assert client.post(f"/admin/editorial/hubs/{HUGE}/feature/").status_code == 404


@pytest.mark.django_db
def test_a_search_within_a_tag_in_the_image_chooser_finds_the_tagged_pictures(admin_client):
    tagged = make_image(title="Sunny bread")
    tagged.tags.add("bread")
    other = make_image(title="Sunny cheese")
    for image in (tagged, other):
        insert_or_update_object(image)
    response = admin_client.get("/admin/images/chooser/results/", {"q": "Sunny", "tag": "bread"})
    assert response.status_code == 200
    assert b"Sunny bread" in response.content
    assert b"Sunny cheese" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("head", [b"\x89PNG\r\n\x1a\n", b"GIF89a", b"\xff\xd8\xff\xe0"])
def test_a_damaged_picture_is_refused_with_a_message(admin_client, head):
    damaged = SimpleUploadedFile("broken.png", head + bytes(range(256)) * 2)
    response = admin_client.post("/admin/images/add/", {"title": "Broken", "file": damaged})
    assert response.status_code == 200  # the form again, with its message
    assert "not a JPEG, PNG, GIF, WebP or AVIF picture" in response.content.decode()
    assert not get_image_model().objects.filter(title="Broken").exists()


@pytest.mark.django_db
def test_a_good_picture_still_uploads(admin_client):
    picture = SimpleUploadedFile("good.png", png_bytes(), content_type="image/png")
    response = admin_client.post("/admin/images/add/", {"title": "Good", "file": picture})
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="Good").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/admin/bulk/wagtailcore/page/delete/?id=[]",
        "/admin/images/chooser/chosen-multiple/?id=0000-00-00",
        "/admin/choose-page/chosen-multiple/?id=x",
        "/admin/images/chooser/chosen/zz/",
        "/admin/workflows/edit/1/?p=" + "9" * 5000,
    ],
)
def test_a_malformed_editor_address_is_a_bad_request(admin_client, path):
    response = admin_client.get(path)
    assert response.status_code in (400, 404)
    if response.status_code == 400:
        assert "The editor could not read this request" in response.content.decode()
        assert response["Content-Security-Policy"]


@pytest.mark.django_db
def test_a_hub_form_without_its_fields_is_a_bad_request(admin_client, channel, author):
    hub = make_hub(channel, author)
    response = admin_client.post(f"/admin/pages/{hub.pk}/edit/", {"title": "Cut short"})
    assert response.status_code == 400
    assert "The editor could not read this request" in response.content.decode()
    hub.refresh_from_db()
    assert hub.title != "Cut short"


@pytest.mark.django_db
def test_deleting_a_person_whom_payouts_depend_on_says_why(admin_client, author):
    Membership.objects.create(user=author, paypal_email="hana@example.org")
    response = admin_client.post(f"/admin/users/delete/{author.pk}/")
    assert response.status_code == 400
    assert "cannot be deleted while other records depend on it" in response.content.decode()
    author.refresh_from_db()  # still there


def test_a_fault_in_quires_own_editor_view_stays_a_server_error():
    """The net covers other packages' views only: Quire's own must parse what they get."""
    ours, theirs = RequestFactory().get("/admin/comments/"), RequestFactory().get("/admin/")
    ours.resolver_match, theirs.resolver_match = resolve("/admin/comments/"), resolve("/admin/")
    net = EditorBadRequestMiddleware(lambda request: None)
    assert net.process_exception(ours, ValueError("a bug of Quire's own")) is None
    assert net.process_exception(theirs, ValueError("not a number")).status_code == 400
    assert net.process_exception(theirs, RuntimeError("a real fault")) is None
