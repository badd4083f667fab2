"""Spelling suggestions come from the titles of the hubs any reader may open: a hub that
leaves the public (unpublished, behind a password, deleted, retitled) takes its words away
at once, in this process and in every other one that kept the vocabulary."""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from quire.search import selectors
from tests.factories import make_hub

pytestmark = pytest.mark.django_db
MISSPELT = "zuchinni"


@pytest.fixture
def zucchini(channel, author):
    make_hub(channel, author, title="Tomato soup for winter")
    return make_hub(channel, author, title="Zucchini fritters")


def suggested(word: str) -> bool:
    html = Client().get("/search/", {"q": MISSPELT}).content.decode()
    return "Did you mean" in html and word in html


def leave(hub, how: str) -> None:
    if how == "unpublished":
        hub.unpublish()
    elif how == "password":
        PageViewRestriction.objects.create(
            page=hub, restriction_type=PageViewRestriction.PASSWORD, password="rye"
        )
    elif how == "sign-in":
        PageViewRestriction.objects.create(page=hub, restriction_type=PageViewRestriction.LOGIN)
    elif how == "deleted":
        hub.delete()
    elif how == "retitled":
        hub.title = "Courgette fritters"
        hub.save_revision().publish()


HOW = ["unpublished", "password", "sign-in", "deleted", "retitled"]


@pytest.mark.parametrize("how", HOW)
def test_a_hub_that_leaves_the_public_leaves_the_suggestions_at_once(zucchini, how):
    assert "zucchini" in selectors.vocabulary()
    assert suggested("zucchini")
    leave(zucchini, how)
    assert "zucchini" not in selectors.vocabulary()
    assert not suggested("zucchini")
    assert "tomato" in selectors.vocabulary()


@pytest.mark.parametrize("how", HOW)
def test_another_worker_that_kept_the_words_drops_them_too(zucchini, how):
    # Another process's copy: its own vocabulary, and the words in the shared cache.
    assert "zucchini" in selectors.vocabulary()
    kept = selectors._vocabulary
    leave(zucchini, how)
    selectors._vocabulary = kept
    assert "zucchini" not in selectors.vocabulary()


def test_without_the_page_cache_the_words_are_read_each_time(zucchini, settings):
    settings.QUIRE_PAGE_CACHE = False
    assert "zucchini" in selectors.vocabulary()
    zucchini.unpublish()
    assert "zucchini" not in selectors.vocabulary()


def test_words_read_while_a_hub_left_are_not_kept(zucchini, monkeypatch):
    real = selectors._title_words

    def read_while_the_hub_is_unpublished():
        words = real()
        zucchini.unpublish()  # it leaves after its title was read, before the words are kept
        return words

    monkeypatch.setattr(selectors, "_title_words", read_while_the_hub_is_unpublished)
    assert "zucchini" in selectors.vocabulary()
    monkeypatch.setattr(selectors, "_title_words", real)
    assert "zucchini" not in selectors.vocabulary()
    assert selectors.vocabulary() is selectors.vocabulary()  # these words are kept
