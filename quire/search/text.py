"""Query cleaning, highlighted snippets and spelling suggestions for the results page."""

import difflib
from collections import defaultdict
from collections.abc import Iterable

import regex
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from quire.core.text import WORD, fold

MAX_QUERY = 200
# Letters, digits and spaces only: quotes, operators and SQL-looking text become plain words.
NOT_WORD = regex.compile(r"[^\p{L}\p{N}\s]+")


def clean_query(raw: str) -> tuple[str, bool]:
    """The query as searched, and whether it was cut to MAX_QUERY characters."""
    text = " ".join((raw or "").split())
    cut = len(text) > MAX_QUERY
    text = text[:MAX_QUERY]
    return " ".join(NOT_WORD.sub(" ", text).split()), cut


def stem(word: str) -> str:
    """A light English stem, so "trains" finds "train" and "walking" finds "walk"."""
    for suffix, replacement, min_len in (
        ("ies", "y", 5),
        ("ing", "", 6),
        ("ed", "", 5),
        ("es", "", 5),
        ("s", "", 4),
    ):
        if len(word) >= min_len and word.endswith(suffix) and not word.endswith("ss"):
            return word[: -len(suffix)] + replacement
    return word


# Words too common to tell hubs apart; left out of a search unless nothing else is asked.
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "all",
        "also",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "not",
        "of",
        "on",
        "one",
        "only",
        "or",
        "our",
        "out",
        "she",
        "so",
        "some",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "up",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)


def expand(query: str) -> str:
    """The query's words (without stop words), their stems and unaccented forms, for an
    any-word search ranked by relevance."""
    words = [w.lower() for w in WORD.findall(query)]
    words = [w for w in words if w not in STOP_WORDS] or words
    folded = [fold(w) for w in words]
    return " ".join(dict.fromkeys(words + folded + [stem(w) for w in words + folded]))


def word_groups(query: str) -> list[list[str]]:
    """One group per word of the query (stop words left out unless nothing else is asked):
    the word with its unaccented form and stems, any of which may match."""
    words = [w.lower() for w in WORD.findall(query)]
    words = [w for w in words if w not in STOP_WORDS] or words
    groups = []
    for word in dict.fromkeys(words):
        plain = fold(word)
        group = list(dict.fromkeys([word, plain, stem(word), stem(plain)]))
        group = [w for w in group if len(w) > 1 or w.isdigit()]
        if group:
            groups.append(group)
    return groups


def terms(query: str) -> list[str]:
    words = [fold(w) for w in WORD.findall(query)]
    return [t for t in dict.fromkeys(words + [stem(w) for w in words]) if len(t) > 1]


# Snippets look for the first hit in this much of a text first (hubs run to many
# thousand characters; the words are usually met early, often in the summary).
SNIPPET_PREFIX = 2000


def snippet(text: str, query: str, width: int = 260) -> SafeString:
    """A window of the text around the first hit, escaped, with every hit in <mark>."""
    words = sorted(terms(query), key=len, reverse=True)  # the longest form of a word wins
    hit = regex.compile(r"(?<![\p{L}\p{N}])(?:" + "|".join(regex.escape(w) for w in words) + ")")
    # Folding keeps one character for one, so positions in the folded text are the text's.
    folded = fold(text[:SNIPPET_PREFIX])
    first = hit.search(folded) if words else None
    if first is None and words and len(text) > SNIPPET_PREFIX:
        folded = fold(text)
        first = hit.search(folded)
    start = 0
    if first is not None:
        start = max(0, first.start() - width // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first.start() else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    if len(folded) < min(len(text), end + 64):
        folded = fold(text[: end + 64])
    out, pos = [], start
    for match in hit.finditer(folded, start) if first is not None else ():
        s, e = match.span()
        if s >= end:
            break
        out.append(escape(text[pos:s]))
        out.append(f"<mark>{escape(text[s : min(e, end)])}</mark>")
        pos = min(e, end)
    out.append(escape(text[pos:end]))
    html = ("… " if start else "") + "".join(out) + (" …" if end < len(text) else "")
    return mark_safe(html)  # noqa: S308 - every piece of text is escaped above


class Vocabulary:
    """Known words (folded), indexed for spelling suggestions: a word is compared only with
    known words filed under its first or second letter (each word is filed under both) and
    at most two letters longer or shorter, so a misspelling anywhere but in both of its
    first two letters is still caught (60,000 words: 170 ms → a few ms a query)."""

    def __init__(self, words: Iterable[str]):
        self.words = frozenset(words)
        self._filed: dict[str, list[str]] = defaultdict(list)
        for word in self.words:
            for letter in set(word[:2]):
                self._filed[letter].append(word)

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def near(self, word: str) -> list[str]:
        length = len(word)
        found = {
            known
            for letter in set(word[:2])
            for known in self._filed.get(letter, ())
            if abs(len(known) - length) <= 2
        }
        return sorted(found)  # a stable order: ties in closeness go the same way each time


def suggest(query: str, vocabulary: Vocabulary) -> str | None:
    """The query with each unknown word replaced by the closest known one, if any."""
    changed, out = False, []
    for word in WORD.findall(query):
        key = fold(word)
        if key in vocabulary or len(key) < 3:
            out.append(word)
            continue
        close = difflib.get_close_matches(key, vocabulary.near(key), n=1, cutoff=0.75)
        if close:
            out.append(close[0])
            changed = True
        else:
            out.append(word)
    return " ".join(out) if changed else None
