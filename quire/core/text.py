"""Words and their accents: the folding search matches by, and the hub index stores."""

import unicodedata
from functools import lru_cache

import regex

WORD = regex.compile(r"[\p{L}\p{N}]+")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in base if not unicodedata.combining(c)) or ch
    lower = base[0].lower()
    return lower if len(lower) == 1 else ch


# Runs of ASCII and of other characters: most text is the first, lowered in one call.
_RUNS = regex.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")


def fold(text: str) -> str:
    """Case- and accent-insensitive form, one character for one: "Café" → "cafe"."""
    if text.isascii():
        return text.lower()
    return "".join(
        run.lower() if run.isascii() else "".join(map(_fold_char, run))
        for run in _RUNS.findall(text)
    )


def unaccented_words(text: str) -> str:
    """The words of a text that change when their accents are taken off, unaccented."""
    out = {}
    for word in WORD.findall(text):
        plain = fold(word)
        if plain != word.lower():
            out[plain] = None
    return " ".join(out)
