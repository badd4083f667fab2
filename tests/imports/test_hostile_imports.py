"""Imports given hostile files: every job ends with a state and a message whatever goes
wrong, one bad article fails alone, pictures are bounded before decoding, and an export
cannot attach a picture its importer may not use by naming its /media/ address."""

import datetime
import io
import json
import os
import zipfile

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import Client
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission

from quire.articles.models import ArticlePage
from quire.imports.models import ImportJob
from quire.imports.services import import_items, local_image_finder, read_export, read_ghost
from tests.core.test_image_limits import bomb_png
from tests.editorial.conftest import writer_account
from tests.factories import png_bytes

pytestmark = pytest.mark.django_db


def ghost(*posts, **data) -> bytes:
    return json.dumps({"db": [{"data": {"posts": list(posts), **data}}]}).encode()


def queued_job(user, data: bytes, kind: str = "ghost") -> ImportJob:
    job = ImportJob(user=user, kind=kind, filename=f"export.{kind}")
    job.file.save("export", ContentFile(data), save=False)
    job.save()
    return job


def run_job(job: ImportJob) -> ImportJob:
    from quire.imports.services import job_run

    job_run(job.pk)
    job.refresh_from_db()
    return job


# -- Every job ends ----------------------------------------------------------------------


def test_a_deeply_nested_ghost_file_fails_with_a_message_instead_of_running_for_ever():
    author = writer_account()
    nested = b'{"db": [{"data": {"posts": ' + b"[" * 100_000 + b"]" * 100_000 + b"}}]}"
    job = run_job(queued_job(author, nested))
    assert job.status == ImportJob.Status.FAILED and job.finished_at is not None
    assert "nests lists and objects far more deeply than a Ghost export" in job.error
    assert not job.file  # the upload is not kept
    client = Client()
    client.force_login(author)
    page = client.get(f"/admin/imports/{job.pk}/").content.decode()
    assert "Failed" in page and "far more deeply" in page and 'http-equiv="refresh"' not in page


def test_an_unexpected_error_ends_the_job_with_a_message_and_the_report_so_far(
    channel, monkeypatch
):
    from quire.imports import services

    author = writer_account()
    data = ghost(
        {"id": "p1", "title": "First", "html": "<p>One.</p>"},
        {"id": "p2", "title": "Second", "html": "<p>Two.</p>"},
    )
    real = services.import_items

    def crash_after_the_first(user, source, items, **kwargs):
        items = list(items)
        real(user, source, iter(items[:1]), **kwargs)
        raise MemoryError  # e.g. the worker ran out of memory halfway

    monkeypatch.setattr(services, "import_items", crash_after_the_first)
    job = run_job(queued_job(author, data))
    assert job.status == ImportJob.Status.FAILED and job.finished_at is not None
    assert "did not expect" in job.error and "gone through 1 of 2 articles" in job.error
    assert [line["title"] for line in job.report] == ["First"]
    assert ArticlePage.objects.filter(owner=author, title="First").exists()
    client = Client()
    client.force_login(author)
    page = client.get(f"/admin/imports/{job.pk}/").content.decode()
    assert "did not expect" in page and "First" in page


def test_a_job_lost_with_its_worker_is_ended_when_its_author_looks():
    author = writer_account()
    job = queued_job(author, ghost())
    two_hours_ago = timezone.now() - datetime.timedelta(hours=2)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, heartbeat_at=two_hours_ago, done=3, total=10
    )
    client = Client()
    client.force_login(author)
    page = client.get(f"/admin/imports/{job.pk}/").content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and "server running it was restarted" in page
    assert "gone through 3 of 10 articles" in job.error and not job.file
    # One that is still at work is left alone.
    busy = queued_job(author, ghost())
    ImportJob.objects.filter(pk=busy.pk).update(
        status=ImportJob.Status.RUNNING, heartbeat_at=timezone.now()
    )
    client.get("/admin/imports/")
    busy.refresh_from_db()
    assert busy.status == ImportJob.Status.RUNNING


def test_one_article_nested_too_deeply_fails_alone(channel):
    author = writer_account()
    deep = "<p>" + "<b>" * 5_000 + "deep" + "</b>" * 5_000 + "</p>"
    data = ghost(
        {"id": "d1", "title": "Deep", "html": deep},
        {"id": "d2", "title": "Plain", "html": "<p>Plain words.</p>"},
    )
    job = run_job(queued_job(author, data))
    assert job.status == ImportJob.Status.DONE
    assert [(line["title"], line["status"]) for line in job.report] == [
        ("Deep", "failed"),
        ("Plain", "imported"),
    ]
    assert job.report[0]["reason"] == "The article is nested too deeply to be read."


def test_ghost_values_of_the_wrong_type_give_empty_fields_not_a_stuck_job(channel):
    author = writer_account()
    data = ghost(
        {"id": 7, "title": 12, "html": "<p>A number for a title.</p>"},
        {"id": "w2", "title": "Odd fields", "html": ["not", "text"], "plaintext": 5},
        {
            "id": "w3",
            "title": "Kept",
            "html": "<p>Fine.</p>",
            "published_at": 20240101,
            "feature_image": {"src": "x"},
            "type": ["post"],
        },
        {"id": ["unhashable"], "title": "No id", "html": "<p>Words.</p>"},
        "not a post",
        tags=[{"id": ["t"], "name": 3}, "tag", {"id": "t1", "name": "Food"}],
        posts_tags=[
            {"post_id": "w3", "tag_id": "t1", "sort_order": "first"},
            {"post_id": "w3", "tag_id": "t1", "sort_order": 2},
            "link",
        ],
    )
    job = run_job(queued_job(author, data))
    assert job.status == ImportJob.Status.DONE, job.error
    results = [(line["title"], line["status"]) for line in job.report]
    assert results == [
        ("(untitled)", "failed"),
        ("Odd fields", "failed"),
        ("Kept", "imported"),
        ("No id", "failed"),
    ]
    assert job.report[1]["reason"] == "Nothing readable in the item."
    kept = ArticlePage.objects.get(pk=job.report[2]["hub_id"])
    assert kept.get_parent().title == "Food" and kept.lead_image is None


def test_a_saved_page_that_cannot_be_read_fails_alone(channel, monkeypatch):
    from quire.imports import pages

    real = pages.read_page

    def read_page(data, name="page.html", files=None):
        if name == "broken.html":
            raise ValueError("an unexpected tag soup")
        return real(data, name, files)

    monkeypatch.setattr(pages, "read_page", read_page)
    article = (
        "<html><head><title>Fine page</title></head><body><article><h1>Fine page</h1>"
        + "<p>A paragraph long enough for the extractor to keep it as the article.</p>" * 5
        + "</article></body></html>"
    ).encode()
    data = _zip({"broken.html": b"<html><p>x</p></html>", "fine.html": article})
    job = run_job(queued_job(writer_account(), data, kind="zip"))
    assert job.status == ImportJob.Status.DONE
    assert [line["status"] for line in job.report] == ["failed", "imported"]
    assert job.report[0]["reason"] == "Not readable: an unexpected tag soup"


# -- Pictures are bounded before they are decoded ------------------------------------------


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


SAVED_PAGE = """<html><head><title>Roof garden</title></head><body><article>
<h1>Roof garden</h1>
<p>Tomatoes grow well in the wind once their stems are tied to a frame of bamboo canes.</p>
<figure><img src="Roof_files/huge.png" alt="A wall"><figcaption>A wall.</figcaption></figure>
<p>Basil wants shelter, so it lives in the lee of the water tank by the stair door.</p>
<figure><img src="Roof_files/fine.png" alt="Basil"><figcaption>Basil.</figcaption></figure>
<p>The last picture was saved with the page too, and it is an ordinary small one.</p>
</article></body></html>"""


def test_a_picture_in_a_zip_with_too_many_pixels_is_refused_from_its_header(channel):
    author = writer_account()
    data = _zip(
        {
            "Roof.html": SAVED_PAGE.encode(),
            "Roof_files/huge.png": bomb_png(13_300, 13_300),  # 21 KB, 177 million pixels
            "Roof_files/fine.png": png_bytes(80, 60),
        }
    )
    source, items = read_export("zip", data)
    [line] = import_items(
        author, source, items, fallback_channel=channel, find_image=local_image_finder(author)
    )
    assert line["status"] == "imported", line
    [problem] = line["problems"]
    assert problem.startswith("Picture not imported: Roof_files/huge.png. ")
    assert "million pixels" in problem
    pictures = get_image_model().objects.filter(uploaded_by_user=author)
    assert [(p.width, p.height) for p in pictures] == [(80, 60)]


def test_a_picture_in_a_zip_over_the_byte_limit_is_not_even_read(channel, monkeypatch):
    from quire.imports.archive import Archive

    author = writer_account()
    # Random bytes: the zip cannot shrink them, so it is no "zip bomb" to refuse whole.
    huge = png_bytes(80, 60) + os.urandom(10 * 1024 * 1024)
    data = _zip(
        {
            "Roof.html": SAVED_PAGE.encode(),
            "Roof_files/huge.png": huge,
            "Roof_files/fine.png": png_bytes(80, 60),
        }
    )
    read = Archive.read

    def watched(self, name):
        assert name != "Roof_files/huge.png", "a picture over the limit was read"
        return read(self, name)

    monkeypatch.setattr(Archive, "read", watched)
    source, items = read_export("zip", data)
    [line] = import_items(
        author, source, items, fallback_channel=channel, find_image=local_image_finder(author)
    )
    [problem] = line["problems"]
    assert problem.startswith("Picture not imported: Roof_files/huge.png. This picture is 10.0")
    assert "the most Quire accepts is 10.0" in problem


def test_a_downloaded_picture_with_too_many_pixels_is_refused(channel, settings, monkeypatch):
    from quire.imports import fetch

    settings.QUIRE_IMPORT_FETCH_PICTURES = True
    monkeypatch.setattr(fetch, "fetch_picture", lambda url: ("wall.png", bomb_png(9_000, 9_000)))
    author = writer_account()
    data = ghost(
        {
            "id": "f1",
            "title": "Fetched",
            "html": '<p>Words.</p><img src="https://pictures.example/wall.png" alt="Wall">',
            "feature_image": "https://pictures.example/wall.png",
        }
    )
    [line] = import_items(
        author,
        "ghost",
        read_ghost(data),
        fallback_channel=channel,
        find_image=local_image_finder(author),
    )
    assert line["status"] == "imported"
    assert len(line["problems"]) == 2
    assert all("9,000 × 9,000 pixels" in p for p in line["problems"])
    assert not get_image_model().objects.filter(uploaded_by_user=author).exists()


# -- Only pictures the importer may use ---------------------------------------------------


def picture(owner, title: str, collection=None):
    image = get_image_model()(title=title, uploaded_by_user=owner)
    if collection is not None:
        image.collection = collection
    image.file = ImageFile(io.BytesIO(png_bytes(120, 90)), name=f"{title.lower()}.png")
    image.save()
    return image


def referencing(*images) -> bytes:
    """A Ghost export of one post showing each picture by its /media/ address, the first
    as the feature image too."""
    from django.conf import settings

    html = "<p>Words.</p>" + "".join(
        f'<img src="{settings.MEDIA_URL}{image.file.name}" alt="{image.title}">' for image in images
    )
    return ghost(
        {
            "id": "m1",
            "title": "Borrowed",
            "html": html,
            "feature_image": f"{settings.WAGTAILADMIN_BASE_URL}{settings.MEDIA_URL}"
            + images[0].file.name,
        }
    )


def run_import(user, data: bytes, channel) -> dict:
    [line] = import_items(
        user,
        "ghost",
        read_ghost(data),
        fallback_channel=channel,
        find_image=local_image_finder(user),
    )
    return line


def attached(line: dict) -> tuple[list[int], int | None]:
    hub = ArticlePage.objects.get(pk=line["hub_id"])
    body = [block.value["image"].pk for block in hub.body if block.block_type == "image"]
    return body, hub.lead_image_id


def test_an_import_cannot_attach_another_authors_picture_by_its_address(channel, settings):
    ana, ben = writer_account(first_name="Ana"), writer_account(first_name="Ben")
    hers, his = picture(ana, "Hers"), picture(ben, "His")
    line = run_import(ben, referencing(hers, his), channel)
    assert line["status"] == "imported"
    body, lead = attached(line)
    assert body == [his.pk] and lead is None
    address = f"{settings.MEDIA_URL}{hers.file.name}"
    assert line["problems"] == [
        f"Picture not found: {address}",
        f"Picture not found: {settings.WAGTAILADMIN_BASE_URL}{address}",
    ]
    # A rendition's address of her picture does not lead to it either.
    stem = hers.file.name.split("/")[-1].split(".")[0]
    rendition = ghost(
        {
            "id": "m2",
            "title": "Again",
            "html": f'<p>x</p><img src="/media/images/{stem}.width-800.png">',
        }
    )
    assert attached(run_import(ben, rendition, channel))[0] == []
    # Her own export brings her own picture back.
    body, lead = attached(run_import(ana, referencing(hers), channel))
    assert body == [hers.pk] and lead == hers.pk


def test_an_editor_cannot_attach_a_picture_from_a_collection_they_may_not_choose_from(
    channel, editor
):
    root = Collection.get_first_root_node()
    newsroom = root.add_child(name="Newsroom")
    private = root.add_child(name="Private")
    editors = Group.objects.get(name="Editors")
    # This site's editors choose pictures from the newsroom only.
    GroupCollectionPermission.objects.filter(group=editors, collection=root).delete()
    for codename in ("add_image", "choose_image"):
        GroupCollectionPermission.objects.create(
            group=editors,
            collection=newsroom,
            permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailimages"
            ),
        )
    someone = writer_account()
    shared, secret = picture(someone, "Shared", newsroom), picture(someone, "Secret", private)
    body, lead = attached(run_import(editor, referencing(secret, shared), channel))
    assert body == [shared.pk] and lead is None
