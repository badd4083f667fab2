from datetime import timedelta

import pytest
from django.utils import timezone

from quire.comments.services import CommentError, validate_text
from quire.comments.templatetags.comment_tags import relative_time
from quire.comments.text import char_count, clean, find_urls, render

LIMIT = 8192


def test_line_endings_become_newlines_and_control_characters_go():
    assert clean("a\r\nb\rc\n") == "a\nb\nc\n"
    assert clean("bell\x07 null\x00 tab\tok \u202eevil") == "bell null tab\tok evil"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello", 5),
        ("naïve café", 10),
        ("e\u0301", 1),  # e + combining acute accent: one character as read
        ("👍🏽", 1),  # emoji with a skin-tone modifier
        ("👩‍👩‍👧", 1),  # a family joined by zero-width joiners
        ("🇵🇹", 1),  # a flag: two regional indicators
        ("日本語のテキスト", 8),
        ("مرحبا", 5),
        ("नमस्ते", 3),  # Devanagari: three grapheme clusters
    ],
)
def test_characters_are_counted_as_readers_see_them(text, expected):
    assert char_count(text) == expected


def test_exactly_the_limit_is_accepted_with_multibyte_text_and_crlf():
    # 4,096 "é" + 4,095 "\r\n" pairs + "x": 8,192 characters once "\r\n" counts as one.
    text = "é" * 4096 + "\r\n" * 4095 + "x"
    assert len(text.encode()) > LIMIT
    assert validate_text(text)  # no error


def test_one_over_the_limit_is_refused_with_both_numbers():
    text = "😀" * 8000 + "\r\n" * 193
    with pytest.raises(CommentError) as error:
        validate_text(text)
    assert error.value.message == "Comments are limited to 8192 characters (yours has 8193)."


@pytest.mark.parametrize("text", ["", "   ", "\r\n\r\n", "\t \n", "\x00\x07"])
def test_empty_or_whitespace_only_is_refused(text):
    with pytest.raises(CommentError, match="empty"):
        validate_text(text)


def test_rendering_escapes_everything_and_keeps_paragraphs():
    html = render("<script>alert(1)</script>\n\nsecond & <b>bold</b>\nline")
    assert "<script>" not in html and "<b>" not in html
    assert html == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
        "<p>second &amp; &lt;b&gt;bold&lt;/b&gt;<br>line</p>"
    )


def test_urls_become_nofollow_links_without_trailing_punctuation():
    html = render("See https://example.org/a_(b)?q=1&x=2. Or www.example.com, (https://x.test/y).")
    assert (
        '<a href="https://example.org/a_(b)?q=1&amp;x=2" rel="nofollow ugc noopener" '
        'target="_blank">https://example.org/a_(b)?q=1&amp;x=2</a>.'
    ) in html
    assert 'href="https://www.example.com" rel="nofollow ugc noopener"' in html
    assert ">https://x.test/y</a>)." in html


def test_a_link_cannot_break_out_of_its_attribute():
    html = render('https://evil.test/"onmouseover="alert(1)')
    assert 'onmouseover="' not in html
    assert find_urls("go to javascript:alert(1)") == []


@pytest.mark.parametrize(
    ("ago", "expected"),
    [
        (timedelta(seconds=5), "just now"),
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(minutes=59), "59 minutes ago"),
        (timedelta(hours=3), "3 hours ago"),
        (timedelta(days=1), "1 day ago"),
        (timedelta(days=13), "1 week ago"),
        (timedelta(days=245), "8 months ago"),
        (timedelta(days=365 * 2 + 30), "2 years ago"),
    ],
)
def test_relative_time(ago, expected):
    now = timezone.now()
    assert relative_time(now - ago, now) == expected
