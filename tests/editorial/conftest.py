import pytest
from django.contrib.auth.models import Group
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from quire.accounts.roles import AUTHORS_GROUP
from tests.factories import UserFactory, make_image

WORDS = " ".join(f"word{n}" for n in range(720))


def writer_account(**kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=AUTHORS_GROUP))
    return user


@pytest.fixture
def writer(db):
    return writer_account(first_name="Ana", last_name="Writer")


@pytest.fixture
def other_writer(db):
    return writer_account(first_name="Ben", last_name="Other")


@pytest.fixture
def second_editor(db):
    user = UserFactory(first_name="Ivo", last_name="Editor")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def ready_body(text: str = WORDS) -> list:
    """A body that passes every pre-check (700+ words)."""
    return [("text", {"heading": "Start", "text": rich_text(f"<p>{text}</p>")})]


def hub_form(body: list | None = None, *, image=None, **fields) -> dict:
    image = image or make_image()
    return nested_form_data(
        {
            "title": "Bread by hand",
            "slug": "bread-by-hand",
            "summary": "Kneading without a machine.",
            "lead_image": image.pk,
            "lead_image_alt": "A loaf on a board",
            "body": streamfield(body if body is not None else ready_body()),
            "comments": inline_formset([]),
            **fields,
        }
    )
