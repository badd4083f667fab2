"""Each pre-check on its own: passes a good hub, names the problem of a bad one."""

import pytest
from wagtail.rich_text import RichText

from quire.articles.models import ArticlePage
from quire.core.domains import domain_list
from quire.editorial import prechecks
from quire.editorial.models import EditorialSettings
from tests.editorial.conftest import WORDS
from tests.factories import make_hub, make_image


def hub_with(body: list, **fields) -> ArticlePage:
    hub = ArticlePage(
        title=fields.pop("title", "Bread"),
        summary=fields.pop("summary", "About bread."),
        body=body,
        **fields,
    )
    return hub


def text(words: str = WORDS, heading: str = ""):
    return ("text", {"heading": heading, "text": RichText(f"<p>{words}</p>")})


@pytest.fixture
def settings_(db):
    return EditorialSettings.load()


@pytest.mark.django_db
def test_length_counts_the_words_of_every_capsule(settings_):
    assert prechecks.check_length(hub_with([text()]), settings_) is None
    short = hub_with([text("one two three")])
    assert prechecks.check_length(short, settings_) == (
        "The body has 3 words; hubs need at least 700."
    )
    settings_.min_words = 3
    assert prechecks.check_length(short, settings_) is None


@pytest.mark.django_db
def test_lead_image_and_summary_are_required(settings_):
    image = make_image()
    assert prechecks.check_lead_image(hub_with([], lead_image=image), settings_) is None
    assert "lead image" in prechecks.check_lead_image(hub_with([]), settings_)
    assert prechecks.check_summary(hub_with([], summary="  "), settings_) == (
        "Write a summary of one or two sentences."
    )


@pytest.mark.django_db
def test_empty_capsules_are_named_by_position(settings_):
    image = make_image()
    picture = ("image", {"image": image, "alt_text": "Bread", "caption": "", "credit": ""})
    assert prechecks.check_no_empty_capsules(hub_with([text(), picture]), settings_) is None
    one = hub_with([text(), text(""), picture])
    assert prechecks.check_no_empty_capsules(one, settings_) == (
        "Capsule 2 is empty: fill or remove it."
    )
    two = hub_with([text(""), text(" ")])
    assert "Capsules 1, 2 are empty" in prechecks.check_no_empty_capsules(two, settings_)
    assert "body is empty" in prechecks.check_no_empty_capsules(hub_with([]), settings_)


@pytest.mark.django_db
def test_every_image_needs_alternative_text(settings_):
    image = make_image()
    described = ("image", {"image": image, "alt_text": "Bread", "caption": "", "credit": ""})
    bare = ("image", {"image": image, "alt_text": "", "caption": "", "credit": ""})
    assert prechecks.check_alt_text(hub_with([described]), settings_) is None
    problem = prechecks.check_alt_text(hub_with([described, bare], lead_image=image), settings_)
    assert problem == (
        "Describe the lead image, the image in capsule 2 for readers who cannot see it "
        "(alternative text)."
    )


@pytest.mark.django_db
def test_links_to_refused_domains_and_their_subdomains_block(settings_):
    settings_.bad_domains = "spam.example\n# a note\nevil.test"
    good = hub_with([text('<a href="https://good.example/a">ok</a>')])
    assert prechecks.check_bad_links(good, settings_) is None
    bad = hub_with(
        [
            text('See <a href="https://www.spam.example/x?y=1">this</a>'),
            ("quote", {"quote": "Q", "attribution": "", "source_url": "http://EVIL.test/"}),
        ]
    )
    assert prechecks.check_bad_links(bad, settings_) == (
        "Remove the links to evil.test, www.spam.example: the site does not accept links there."
    )
    # a domain merely ending in the same letters is not a subdomain
    near = hub_with([text('<a href="https://notspam.example/">x</a>')])
    assert prechecks.check_bad_links(near, settings_) is None


def test_domain_lists_accept_lines_commas_and_notes():
    assert domain_list(" A.example, @b.example\n\n.c.example # why\n# only a note") == {
        "a.example",
        "b.example",
        "c.example",
    }


@pytest.mark.django_db
def test_title_must_not_repeat_a_published_hub(settings_, channel, author):
    published = make_hub(channel, author, title="Slow Bread")
    assert prechecks.check_unique_title(hub_with([], title="slow bread"), settings_) == (
        "Another published hub has this title: choose a title of your own."
    )
    # the published hub itself (being edited) is not a duplicate of itself
    assert prechecks.check_unique_title(published, settings_) is None
    draft = make_hub(channel, author, title="Only a draft", publish=False)
    assert prechecks.check_unique_title(hub_with([], title="Only a draft"), settings_) is None
    assert draft.pk


@pytest.mark.django_db
def test_run_prechecks_reports_every_check(settings_):
    results = prechecks.run_prechecks(hub_with([text()]), settings_)
    assert [r.key for r in results] == [
        "length",
        "lead_image",
        "summary",
        "capsules",
        "alt_text",
        "links",
        "title",
    ]
    assert [r.key for r in results if not r.passed] == ["lead_image"]
