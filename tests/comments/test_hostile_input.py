"""Hostile comment text: bounded before it is counted, counted in linear time, and a
tower of marks on one letter is not one character's worth of text (issue 19, items 1, 6)."""

import pytest
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from quire.comments import forms, services, text
from quire.comments.models import Comment
from quire.comments.services import CommentError, validate_text
from quire.comments.spam import duplicates
from tests.comments.conftest import form_data

pytestmark = pytest.mark.django_db

LIMIT = 8192
# The most code points a text within the limit can have as it is sent.
CAP = LIMIT * 16
FLAG_LETTER = "\U0001f1e6"  # a regional indicator: two make a flag
MARK = "\u0301"  # combining acute accent
KISS = "👩🏻\u200d❤️\u200d💋\u200d👨🏼"  # 10 code points, 35 bytes: as long as emoji get
SCOTLAND = "🏴󠁧󠁢󠁳󠁣󠁴󠁿"  # a flag of tag characters: 7 code points, 28 bytes
FAR_TOO_LONG = "far too long to post: comments are limited to 8192 characters"


@pytest.fixture
def counted(monkeypatch):
    """The length of every text the grapheme counter is given, wherever it is bound. A
    text longer than any within the limit is not counted for real (the old counter took
    minutes on some): it comes out as over the limit."""
    real = text.char_count
    seen: list[int] = []

    def spy(value: str) -> int:
        seen.append(len(value))
        return real(value) if len(value) <= CAP else LIMIT + 1

    for module in (text, services, forms, duplicates):
        if hasattr(module, "char_count"):
            monkeypatch.setattr(module, "char_count", spy)
    return seen


def test_an_anonymous_flood_of_flag_letters_is_refused_before_it_is_counted(client, hub, counted):
    flood = FLAG_LETTER * 100_000
    response = client.post(f"/comments/hub/{hub.pk}/", form_data(flood))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Sign in or sign up to comment." in html
    assert f">{flood}</textarea>" in html  # nothing typed is lost
    assert counted == []
    assert not Comment.objects.exists()


@override_settings(QUIRE_COMMENTS_ALLOW_GUESTS=True)
@pytest.mark.parametrize("letters", [100_000, 200_000])
def test_a_guests_flood_of_flag_letters_is_refused_by_its_size(client, hub, counted, letters):
    flood = FLAG_LETTER * letters
    data = form_data(flood, guest_name="Flood", guest_email="flood@example.org")
    response = client.post(f"/comments/hub/{hub.pk}/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert FAR_TOO_LONG in html
    assert f">{flood}</textarea>" in html
    assert "<span data-used>more than 8192</span> of 8192" in html
    assert counted == []
    assert not Comment.objects.exists()


@override_settings(QUIRE_COMMENTS_ALLOW_GUESTS=True)
def test_flag_letters_within_the_size_cap_are_counted_as_flags(client, hub, counted):
    # The 32,768 letters (5 s for the old counter): counted once, as 16,384 flags.
    letters = FLAG_LETTER * 32_768
    data = form_data(letters, guest_name="Flags", guest_email="flags@example.org")
    response = client.post(f"/comments/hub/{hub.pk}/", data)
    assert response.status_code == 400
    assert "Comments are limited to 8192 characters (yours has 16384)." in (
        response.content.decode()
    )
    assert counted and max(counted) <= CAP
    assert not Comment.objects.exists()


def test_a_large_run_of_flag_letters_counts_as_pairs():
    assert text.char_count(FLAG_LETTER * 100_001) == 50_001
    assert text.char_count("a" + FLAG_LETTER * 5 + "b") == 5  # a, 2 flags, 1 letter, b


def test_the_probes_marks_are_refused_by_their_size_and_kept_in_the_form(
    post_comment, hub, reader, counted
):
    # 8,192 letters under 300 marks each: 4.9 MB that the old rules took as 8,192 characters.
    tower = ("e" + MARK * 300) * LIMIT
    assert len(tower.encode()) > 4_900_000
    response = post_comment(hub, tower, reader)
    assert response.status_code == 400
    html = response.content.decode()
    assert FAR_TOO_LONG in html
    assert f">{tower}</textarea>" in html
    assert counted == []
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("cluster", "expected"),
    [
        ("e" + MARK * 15, 1),  # 16 code points: one character
        ("e" + MARK * 16, 2),
        ("e" + MARK * 300, 19),  # 301 code points
        (KISS, 1),
        (SCOTLAND, 1),
    ],
)
def test_a_character_counts_once_for_every_16_code_points(cluster, expected):
    assert text.char_count(cluster) == expected


def test_marks_beyond_16_code_points_a_character_count_against_the_limit(post_comment, hub, reader):
    towers = ("e" + MARK * 16) * 4097  # 8,194 characters' worth, 139 KB
    response = post_comment(hub, towers, reader)
    assert response.status_code == 400
    assert "Comments are limited to 8192 characters (yours has 8194)." in (
        response.content.decode()
    )
    assert not Comment.objects.exists()


@pytest.mark.parametrize("character", [KISS, SCOTLAND, "e" + MARK * 15, "क्ष", "👍🏽"])
def test_the_limit_of_the_longest_characters_people_write_fits_the_size_caps(character):
    assert validate_text(character * LIMIT)  # no error
    with pytest.raises(CommentError):
        validate_text(character * (LIMIT + 1))


def test_an_edit_cannot_grow_past_the_size_caps(client, post_comment, hub, reader):
    post_comment(hub, "Original words", reader)
    comment = Comment.objects.get()
    tower = ("e" + MARK * 300) * LIMIT
    response = client.post(f"/comments/{comment.pk}/edit/", {"text": tower})
    assert response.status_code == 400
    html = response.content.decode()
    assert FAR_TOO_LONG in html and f">{tower}</textarea>" in html
    comment.refresh_from_db()
    assert comment.text == "Original words"


def test_every_refusal_of_the_text_is_shown_at_the_box(post_comment, hub, reader):
    response = post_comment(hub, "é" * 8193, reader)
    html = response.content.decode()
    assert '<p class="field-error" role="alert">Comments are limited to 8192' in html
    assert "<span data-used>8193</span> of 8192" in html


def test_a_reply_link_names_the_reply_and_the_reply_joins_its_thread(
    client, post_comment, hub, reader, author
):
    post_comment(hub, "Top", reader)
    top = Comment.objects.get()
    post_comment(hub, "An answer", author, parent=top.pk)
    answer = Comment.objects.get(text="An answer")
    client.force_login(reader)
    html = client.get(hub.url).content.decode()
    assert f'href="?reply_to={answer.pk}#comment-form"' in html
    html = client.get(f"{hub.url}?reply_to={answer.pk}").content.decode()
    assert f'name="parent" value="{answer.pk}"' in html and "Replying to" in html
    post_comment(hub, "Back to you", reader, parent=answer.pk)
    assert Comment.objects.get(text="Back to you").parent_id == top.pk


@pytest.mark.parametrize("raw", ["99999999999999999999999", "²", "-3", "1e9"])
def test_a_reply_to_no_possible_comment_is_a_message_not_an_error(client, hub, reader, raw):
    client.force_login(reader)
    assert client.get(f"{hub.url}?reply_to={raw}").status_code == 200
    response = client.post(f"/comments/hub/{hub.pk}/", form_data("Hello", parent=raw))
    assert response.status_code == 400
    assert "Hello</textarea>" in response.content.decode()
    assert not Comment.objects.exists()


# Letters, marks, joiners, flag letters, emoji and their modifiers, Indic letters and
# viramas, Hangul jamo, line breaks: what makes clusters long or odd.
PIECES = st.sampled_from(
    ["a", "é", MARK, "\u0308", "\u200d", FLAG_LETTER, "\U0001f1f9", "👍", "\U0001f3fd",
     "\u2764", "\ufe0f", "क", "\u094d", "ष", "\u1100", "\u1161", "\u11a8", "\n", " ", "日"]
)  # fmt: skip
TEXTS = st.lists(PIECES, max_size=60).map("".join)


@given(TEXTS)
def test_a_count_is_between_a_sixteenth_of_the_code_points_and_all_of_them(value):
    count = text.char_count(value)
    assert -(-len(value) // 16) <= count <= len(value)


@given(TEXTS, TEXTS)
def test_a_line_break_always_separates_what_is_counted(first, second):
    count = text.char_count
    assert count(first + "\n" + second) == count(first) + 1 + count(second)


@given(TEXTS, st.integers(min_value=1, max_value=40))
def test_text_refused_unseen_for_its_code_points_is_over_the_limit(value, limit):
    measured = text.measure(value, limit)
    if measured is not None:
        assert measured == text.char_count(text.clean(value))
    elif len(value) > limit * text.CODE_POINTS_PER_CHAR:
        # (The texts here have no control characters, which are dropped before counting.)
        assert text.char_count(text.clean(value)) > limit
    else:  # refused for its bytes: more than any character people write needs
        assert len(value.encode()) > limit * text.BYTES_PER_CHAR
