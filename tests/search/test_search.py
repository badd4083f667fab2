import pytest
from django.db import connection
from django.test import Client
from modelsearch.index import insert_or_update_object

from quire.articles.models import ChannelPage
from quire.search.text import Vocabulary, clean_query, fold, snippet, suggest
from tests.factories import UserFactory, make_hub, text_block
from tests.tasks import run_queued

pytestmark = pytest.mark.django_db


def indexed(hub):
    insert_or_update_object(hub)
    return hub


def search(client, **params):
    return client.get("/search/", params)


def result_titles(response) -> list[str]:
    import re

    html = response.content.decode()
    return re.findall(r'<h2 class="search-result-title"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def corpus(channel, author):
    travel = ChannelPage.objects.get(slug="travel")
    other = UserFactory(first_name="Zora", last_name="Quill")
    hubs = {
        "title": indexed(make_hub(channel, author, title="Sourdough starters explained")),
        "body": indexed(
            make_hub(
                travel,
                other,
                title="A week in the hills",
                body=[text_block("We baked sourdough over a campfire every night.")],
                summary="Walking and camping.",
            )
        ),
        "other": indexed(make_hub(channel, author, title="Tomato soup for winter")),
        "accent": indexed(make_hub(travel, other, title="The best café in Lisbon")),
        "chart": indexed(
            make_hub(
                channel,
                author,
                title="Flour prices",
                body=[
                    {
                        "type": "chart",
                        "value": {
                            "title": "Price of rye",
                            "kind": "bar",
                            "data": "Kazakhstan, 3\nPortugal, 4",
                            "unit": "",
                            "caption": "Measured at the mill",
                            "source": "",
                        },
                    }
                ],
            )
        ),
    }
    return hubs


def test_a_title_hit_beats_a_body_hit(client, corpus):
    titles = result_titles(search(client, q="sourdough"))
    assert titles == ["Sourdough starters explained", "A week in the hills"]


def test_results_show_channel_author_date_and_a_highlighted_snippet(client, corpus):
    html = search(client, q="campfire").content.decode()
    assert "<mark>campfire</mark>" in html
    assert 'href="/travel/">Travel</a>' in html
    assert "Zora Quill</a>" in html
    assert "1 result" in html


def test_chart_labels_captions_and_author_names_are_found(client, corpus):
    assert result_titles(search(client, q="Kazakhstan")) == ["Flour prices"]
    assert result_titles(search(client, q="mill")) == ["Flour prices"]
    assert "A week in the hills" in result_titles(search(client, q="Quill"))


def test_case_accents_and_plurals_do_not_matter(client, corpus):
    assert result_titles(search(client, q="CAFE")) == ["The best café in Lisbon"]
    assert result_titles(search(client, q="tomatoes")) == ["Tomato soup for winter"]


def test_filters_by_channel_and_author_and_newest_first(client, corpus, author):
    assert result_titles(search(client, q="sourdough", channel="travel")) == ["A week in the hills"]
    profile = author.author_profile
    assert result_titles(search(client, q="sourdough", author=profile.slug)) == [
        "Sourdough starters explained"
    ]
    newest = result_titles(search(client, q="sourdough", sort="newest"))
    assert newest == ["A week in the hills", "Sourdough starters explained"]


def test_only_published_hubs_are_found_and_unpublishing_removes_them(client, corpus, channel):
    draft = indexed(make_hub(channel, UserFactory(), title="Secret sourdough plans", publish=False))
    assert "Secret sourdough plans" not in result_titles(search(client, q="secret sourdough"))
    corpus["title"].unpublish()
    assert result_titles(search(client, q="sourdough")) == ["A week in the hills"]
    assert draft.pk


def test_no_results_page_suggests_a_spelling(client, corpus):
    html = search(client, q="sourdogh").content.decode()
    assert "No hubs match “sourdogh”" in html
    assert 'Did you mean <a href="?q=sourdough">sourdough</a>?' in html


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "''",
        "a OR b AND NOT c*",
        "NEAR(sourdough hills)",
        "'; DROP TABLE wagtailcore_page; --",
        "title:sourdough",
        "((((",
        "%_\\",
        "\x00",
        "🍞🍞🍞",
    ],
)
def test_hostile_queries_give_a_normal_page(client, corpus, query):
    response = search(client, q=query)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_empty_long_and_past_the_end(client, corpus):
    empty = search(client, q="   ")
    assert empty.status_code == 200 and "Search every published hub" in empty.content.decode()
    long = search(client, q="sourdough " * 50)
    assert "only its first 200 characters were used" in long.content.decode()
    assert result_titles(long)
    past = search(client, q="sourdough", page="99")
    assert past.status_code == 200 and "There are no more results" in past.content.decode()
    assert search(client, q="sourdough", page="x").status_code == 200


def test_a_query_is_escaped_everywhere(client, corpus):
    html = search(client, q="<script>alert(1)</script>").content.decode()
    assert "<script>alert" not in html


def test_every_page_has_the_search_box():
    html = Client().get("/").content.decode()
    assert 'role="search" method="get" action="/search/"' in html


def test_text_helpers():
    assert clean_query('  "hello"   world! ') == ("hello world", False)
    assert clean_query("x" * 300)[1] is True
    assert fold("Café ÉTÉ Straße") == "cafe ete straße"
    html = snippet("A <b>café</b> by the sea, the best CAFE.", "cafe")
    assert html == "A &lt;b&gt;<mark>café</mark>&lt;/b&gt; by the sea, the best <mark>CAFE</mark>."
    # A hit deep in a long text: the window moves to it; the longest form of a word is marked.
    long = "word " * 1000 + "the old Gardens of Kew; a garden, a xgarden. " + "more " * 300
    html = snippet(long, "gardens")
    assert html.startswith("… word word")
    assert "<mark>Gardens</mark> of Kew; a <mark>garden</mark>, a xgarden. more" in html
    assert html.endswith("more …")
    assert snippet("Nothing to see", "zebra") == "Nothing to see"
    assert suggest("tomatto soup", Vocabulary({"tomato", "soup"})) == "tomato soup"
    assert suggest("tomato", Vocabulary({"tomato"})) is None


def test_the_generic_backend_path_gives_the_same_answers(client, corpus, monkeypatch):
    """Search servers (OpenSearch, Elasticsearch) use Wagtail's own ranking path."""
    from quire.search import ranking

    fast = result_titles(search(client, q="sourdough"))
    monkeypatch.setattr(ranking, "supported", lambda: False)
    assert result_titles(search(client, q="sourdough")) == fast
    assert result_titles(search(client, q="sourdough", channel="travel")) == ["A week in the hills"]
    newest = result_titles(search(client, q="sourdough", sort="newest"))
    assert newest == ["A week in the hills", "Sourdough starters explained"]


def test_publishing_queues_the_index_update_for_the_worker(
    client, channel, author, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        hub = make_hub(channel, author, title="Quince paste at home")
    queued = DBTaskResult.objects.filter(task_path__contains="insert_or_update_object")
    assert queued.exists()
    assert result_titles(search(client, q="quince")) == []  # not indexed until the worker runs
    run_queued(queued)
    assert result_titles(search(client, q="quince")) == [hub.title]


def test_a_new_body_on_the_same_hub_is_indexed_anew(client, channel, author):
    """The body's searchable text is kept on the instance (the indexer asks for it five
    times a hub); giving the hub another body must not index the old text."""
    hub = indexed(make_hub(channel, author, title="Notes", body=[text_block("Quokka sightings")]))
    assert result_titles(search(client, q="quokka")) == ["Notes"]
    hub.body = [text_block("Wombat burrows at dusk")]
    hub.save_revision().publish()
    indexed(hub)
    assert result_titles(search(client, q="quokka")) == []
    assert result_titles(search(client, q="wombat")) == ["Notes"]


def test_a_channel_filter_gives_the_same_answers_either_way(client, corpus, monkeypatch):
    """On PostgreSQL a channel's hubs are matched among themselves for a word common
    site-wide, and site-wide first otherwise; both give the same hubs in the same order."""
    from quire.search import ranking

    expected = {
        "sourdough": ["A week in the hills"],
        "cafe lisbon": ["The best café in Lisbon"],
        "hills camping": ["A week in the hills"],
        "tomato": [],
    }
    zora = corpus["body"].owner.author_profile.slug  # both her hubs are in Travel
    for query, titles in expected.items():
        for first in (True, False):
            monkeypatch.setattr(ranking, "_selection_first", lambda *args, first=first: first)
            assert result_titles(search(client, q=query, channel="travel")) == titles
            assert result_titles(search(client, q=query, author=zora)) == titles


def test_which_way_a_channel_is_matched_follows_the_word_and_the_channel(corpus, monkeypatch):
    """A channel is matched first when its hubs × SELECTION_COST are fewer than the word's
    expected matches site-wide; its hubs are counted afresh once a hub is published."""
    from quire.search import ranking

    def choose(matches: int) -> bool:
        monkeypatch.setattr(ranking, "estimated_matches", lambda query: matches)
        return ranking._selection_first("word", travel_selection())

    assert choose(9) and not choose(8)  # 2 travel hubs: 4 × 2 = 8
    make_hub(ChannelPage.objects.get(slug="travel"), UserFactory(), title="Ferry timetables")
    assert choose(13) and not choose(12)  # 3 travel hubs


def travel_selection():
    from quire.search.ranking import Selection

    path = ChannelPage.objects.get(slug="travel").path
    return Selection(channel_path=path)


def test_newest_first_walks_the_newest_hubs_only_for_common_words(corpus, monkeypatch):
    """The walk through the newest hubs is taken while SELECTION_COST × its expected
    length (limit × all hubs / matches, at most the selection) stays under the matches."""
    from quire.search import ranking

    def walk(matches: int, selection=None) -> int:
        return ranking._newest_walk(matches, selection or travel_selection(), 1, cost=4)

    # 5 hubs, 2 in Travel; one match asked for: met after about 5 / m hubs.
    assert walk(0) == 0
    assert walk(4) == 0  # 4 × 1.25 hubs ≥ 4 matches: match first
    assert walk(5) == 2  # 4 × 1 < 5: walk, all of Travel's 2
    site = ranking.Selection()
    assert walk(20, site) == 2  # 0.25 hubs expected: four times that, and one


def test_newest_first_gives_the_same_hubs_whichever_way(client, corpus, monkeypatch):
    """Walking the newest hubs, matching first, and a walk cut short (then matched
    first) all list the same hubs, newest first."""
    from quire.search import ranking

    sourdough = ["A week in the hills", "Sourdough starters explained"]
    for walk in (0, 1, 5):  # 1: the walk finds fewer than asked and is not the whole site
        monkeypatch.setattr(ranking, "_newest_walk", lambda *args, walk=walk: walk)
        assert result_titles(search(client, q="sourdough", sort="newest")) == sourdough
        titles = result_titles(search(client, q="sourdough", sort="newest", channel="travel"))
        assert titles == ["A week in the hills"]
        assert result_titles(search(client, q="quokka", sort="newest")) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_postgresql_expects_more_matches_for_a_common_word(channel, author):
    from quire.search.ranking import estimated_matches

    for number in range(40):
        indexed(make_hub(channel, author, title=f"Bread number {number}", publish=number % 2))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE wagtailsearch_indexentry")
    assert estimated_matches("bread") > 10 * estimated_matches("qwertyzzz")


def test_hubs_behind_a_password_are_not_found_nor_suggested(client, corpus):
    from wagtail.models import PageViewRestriction

    assert result_titles(search(client, q="sourdough")) == [
        "Sourdough starters explained",
        "A week in the hills",
    ]
    assert "Did you mean" in search(client, q="startrs").content.decode()
    PageViewRestriction.objects.create(
        page=corpus["title"], restriction_type=PageViewRestriction.PASSWORD, password="rye"
    )
    response = search(client, q="sourdough")
    assert result_titles(response) == ["A week in the hills"]
    assert '<p class="search-count">1 result' in response.content.decode()
    # Its title's words are not suggested either (the restriction bumped the layout).
    assert "Did you mean" not in search(client, q="startrs").content.decode()


def test_spelling_suggestions_look_among_words_sharing_a_first_or_second_letter():
    known = Vocabulary({"sourdough", "garden", "budget", "rye"})
    assert sorted(known.near("xourdough")) == ["sourdough"]  # second letter shared
    assert sorted(known.near("sxurdough")) == ["sourdough"]  # first letter shared
    assert sorted(known.near("osurdough")) == ["sourdough"]  # the two swapped
    assert known.near("xxurdough") == []  # neither: not looked at
    assert known.near("sourdoughnuts") == []  # four letters longer
    assert suggest("osurdough bugdet", known) == "sourdough budget"
    assert suggest("sourdough", known) is None


def test_the_vocabulary_follows_every_change_to_the_hubs(corpus, channel, author):
    from quire.search.selectors import vocabulary

    kept = vocabulary()
    assert "sourdough" in kept and "zucchini" not in kept and vocabulary() is kept
    make_hub(channel, author, title="Zucchini fritters")
    assert "zucchini" in vocabulary()
