"""What each change refreshes (quire/site/refresh.py): exactly the pages that show it,
each tag once, and nothing public for a draft."""

import collections

import pytest
from django.db import transaction
from django.test import Client

from quire.articles.models import ChannelPage
from quire.editorial.services import hub_feature
from quire.pagecache import bump
from quire.pagecache import tags as tag
from quire.pagecache.store import page_store
from tests.factories import make_hub

PUBLIC_LISTS = ["/", "/food/", "/feeds/", "/feeds/atom/", "/feeds/channels/food/"]


@pytest.fixture
def bumps(monkeypatch):
    """Every call to the generation counters' bump, with its tags, in order."""
    generations = page_store().generations
    calls: list[set[str]] = []
    real = generations.bump

    def record(tags):
        calls.append(set(tags))
        real(tags)

    monkeypatch.setattr(generations, "bump", record)
    return calls


def cache_outcome(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get("X-Quire-Cache", "")


def test_a_draft_save_of_a_live_hub_leaves_the_public_pages_cached(channel, author, editor):
    hub = make_hub(channel, author, title="Rye at altitude")
    hub_feature(hub, editor, featured=True)
    client = Client()
    for path in [*PUBLIC_LISTS, hub.url]:
        client.get(path)
        assert cache_outcome(client, path) == "hit", path
    draft = hub.get_latest_revision_as_object()
    draft.title = "Rye at altitude, revised"
    draft.save_revision(user=author)
    hub.refresh_from_db()
    assert hub.has_unpublished_changes
    for path in [*PUBLIC_LISTS, hub.url]:
        assert cache_outcome(client, path) == "hit", f"{path} was flushed by a draft"
    # Publishing it does refresh them.
    hub.get_latest_revision().publish()
    for path in PUBLIC_LISTS:
        assert cache_outcome(client, path) == "miss", path
    assert "Rye at altitude, revised" in client.get("/food/").content.decode()


def test_a_lock_taken_in_the_editor_refreshes_nothing(hub, editor, bumps):
    hub.locked, hub.locked_by = True, editor
    hub.save(update_fields=["locked", "locked_by", "locked_at"])
    assert bumps == []


def test_a_publish_bumps_each_of_its_tags_once(
    channel, author, bumps, django_capture_on_commit_callbacks
):
    hub = make_hub(channel, author, title="Oat porridge", publish=False)
    revision = hub.get_latest_revision()
    bumps.clear()
    revision.publish()
    expected = set(tag.listed_page(hub.pk, hub.path, author.pk))
    seen = collections.Counter(t for call in bumps for t in call)
    assert set(seen) == expected
    assert all(n == 1 for n in seen.values()), seen


def test_a_publish_in_a_transaction_bumps_its_tags_once_and_again_at_commit(
    channel, author, editor, bumps, django_capture_on_commit_callbacks
):
    hub = make_hub(channel, author, title="Oat porridge", publish=False)
    revision = hub.get_latest_revision()
    bumps.clear()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        revision.publish()
        hub.refresh_from_db()
        hub_feature(hub, editor, featured=True)
        during = list(bumps)
    at_commit = bumps[len(during) :]
    expected = set(tag.listed_page(hub.pk, hub.path, author.pk))
    seen = collections.Counter(t for call in during for t in call)
    assert set(seen) == expected
    assert all(n == 1 for n in seen.values()), seen
    # Once more, all together, when the transaction commits: another process may have
    # kept a page rendered from the rows before it.
    assert at_commit == [expected]


def test_moving_a_hub_refreshes_both_channels_once(hub, bumps):
    elsewhere = ChannelPage.objects.exclude(slug="food").first()
    bumps.clear()
    hub.move(elsewhere, pos="last-child")
    hub.refresh_from_db()
    seen = collections.Counter(t for call in bumps for t in call)
    food = ChannelPage.objects.get(slug="food")
    assert set(seen) == {*tag.listed_page(hub.pk, hub.path, hub.owner_id), tag.channel(food.path)}
    assert all(n == 1 for n in seen.values()), seen


def test_featuring_a_hub_bumps_its_tags_once(hub, editor, bumps):
    hub_feature(hub, editor, featured=True)
    seen = collections.Counter(t for call in bumps for t in call)
    assert set(seen) == set(tag.listed_page(hub.pk, hub.path, hub.owner_id))
    assert all(n == 1 for n in seen.values()), seen


def test_a_page_rendered_before_its_change_commits_is_not_kept(hub):
    client = Client()
    with transaction.atomic():
        bump(tag.page(hub.pk))
        assert cache_outcome(client, hub.url) == "miss"
        # Rendered from rows not yet committed (they may be rolled back): not kept.
        assert cache_outcome(client, hub.url) == "miss"
    assert cache_outcome(client, hub.url) == "miss"
    assert cache_outcome(client, hub.url) == "hit"


def test_a_change_after_a_rolled_back_one_is_bumped_again(hub, bumps):
    with pytest.raises(RuntimeError), transaction.atomic():
        bump(tag.page(hub.pk))
        raise RuntimeError("rolled back")
    with transaction.atomic():
        bump(tag.page(hub.pk))
    assert bumps == [{tag.page(hub.pk)}, {tag.page(hub.pk)}]


def test_a_change_in_a_later_transaction_is_bumped_again(hub, bumps):
    for _ in range(2):
        with transaction.atomic():
            bump(tag.page(hub.pk))
            bump(tag.page(hub.pk), tag.HUBS)
    assert bumps == [{tag.page(hub.pk)}, {tag.HUBS}] * 2
