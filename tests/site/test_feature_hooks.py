"""Features add themselves by hook, never by a lower layer importing them: a section of
the hub page, a part of a person's data export, a part of an account's deletion. Each test
registers a part as a new feature would (docs/architecture.md, the worked example)."""

import zipfile

import pytest
from django.test import Client
from wagtail import hooks

from quire.accounts.deletion import BLOCKER_HOOK, DELETE_HOOK, account_delete, deletion_blocker
from quire.accounts.export import EXPORT_HOOK, data_export_build
from quire.accounts.models import DataExport
from quire.articles import sections
from tests.factories import UserFactory

UNCACHED = "?from=hooks"


def follow_box(hub, request, state):
    return [
        sections.HubSection(
            sections.FOOTER,
            "articles/includes/hub_card.html",  # any template: here, the hub's own card
            {"hub": hub},
        )
    ]


def footer_of(html: str) -> str:
    return html.split('<footer class="hub-footer', 1)[1].split("</footer>", 1)[0]


def test_a_new_feature_adds_a_section_to_the_hub_page_from_its_own_hooks(hub):
    with hooks.register_temporarily(sections.SECTIONS_HOOK, follow_box):
        html = Client().get(hub.url + UNCACHED).content.decode()
    assert 'class="hub-card' in footer_of(html)


def test_a_section_must_name_a_known_place():
    with pytest.raises(ValueError, match="place"):
        sections.HubSection("sidebar-left", "x.html")


def test_the_editors_preview_shows_no_feature_sections(hub, editor):
    client = Client()
    client.force_login(editor)
    with hooks.register_temporarily(sections.SECTIONS_HOOK, follow_box):
        preview = client.get(f"/admin/pages/{hub.pk}/view_draft/")
    assert preview.status_code == 200
    assert 'class="hub-card' not in footer_of(preview.content.decode())


def test_a_new_feature_adds_its_part_to_the_data_export(author):
    def reading_list(user, export):
        export.account["reading_list_size"] = 2
        export.add_json("reading-list.json", ["a", "b"], "the hubs you saved to read later")

    export = DataExport.objects.create(user=author)
    with hooks.register_temporarily(EXPORT_HOOK, reading_list):
        data_export_build(export)
    with zipfile.ZipFile(export.file.open("rb")) as archive:
        assert archive.read("reading-list.json").decode().strip().startswith("[")
        assert '"reading_list_size": 2' in archive.read("account.json").decode()
        readme = archive.read("README.txt").decode()
    assert "reading-list.json the hubs you saved to read later" in readme
    # The features already built add theirs the same way.
    assert "comments.json  every comment you wrote" in readme
    assert "hubs.json      every hub you own" in readme


def test_a_new_feature_takes_part_in_an_account_deletion(author):
    seen = []

    def forget_reading_list(user, choices, report):
        seen.append((user.pk, choices["hubs"], report.email))

    user_id, email = author.pk, author.email
    with hooks.register_temporarily(DELETE_HOOK, forget_reading_list):
        account_delete(author, hubs="keep", comments="keep")
    assert seen == [(user_id, "keep", email)]


def test_a_feature_can_stop_an_account_deletion_with_its_reason(db):
    person = UserFactory()
    assert deletion_blocker(person) == ""
    with hooks.register_temporarily(BLOCKER_HOOK, lambda user: "A book is still on loan."):
        assert deletion_blocker(person) == "A book is still on loan."
