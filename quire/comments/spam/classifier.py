"""A small naive Bayes text classifier that learns from moderators' decisions.

Features are words, character 4-grams inside words (they catch "v1agra"-style spellings
and inflections) and the domains of links. Counts live in the database
(:class:`~quire.comments.models.SpamToken`), so every worker and host shares one model
and a moderator's "spam" / "not spam" teaches it at once. It starts from the small
original training set in :mod:`.training_data`, loaded by a data migration.

The model counts, per class, in how many comments a token appeared. A comment's score
combines the spam probabilities of its most telling tokens (naive Bayes, with rare
tokens pulled towards neutral); a text with too few telling tokens gets no verdict.
"""

import math
from collections.abc import Callable, Iterable

import regex
from django.db import transaction
from django.db.models import F

from quire.comments.text import find_urls, url_domain

from . import Action, Signal, SpamContext

WORD = regex.compile(r"[\p{L}\p{N}]+")
DOCS = ""  # the SpamToken row whose counts are documents, not tokens
MAX_GROUPS = 400
MIN_DOCS_PER_CLASS = 5
SPAM_THRESHOLD = 0.95
HOLD_THRESHOLD = 0.7
STRENGTH = 2.0  # how strongly rare tokens are pulled towards 0.5
MIN_DEVIATION = 0.2  # a token is telling when its probability is this far from 0.5
MAX_TELLING = 15
MIN_TELLING = 3


def token_groups(text: str) -> list[list[str]]:
    """The features of a text, one group per distinct word or link domain: the word
    itself, then its character 4-grams. A group votes once, with its most telling feature,
    so one word's n-grams do not count as independent evidence."""
    groups: dict[str, list[str]] = {}
    for url in find_urls(text):
        if domain := url_domain(url):
            feature = f"d:{domain}"[:64]
            groups.setdefault(feature, [feature])
    for word in WORD.findall(text.casefold()):
        if len(word) < 2 or len(word) > 40 or f"w:{word}" in groups:
            continue
        group = [f"w:{word}"]
        if len(word) >= 5:
            group += [f"c:{word[i : i + 4]}" for i in range(len(word) - 3)]
        groups[f"w:{word}"] = group
        if len(groups) >= MAX_GROUPS:
            break
    return list(groups.values())


def tokens(text: str) -> list[str]:
    """The distinct features of a text, in order of first appearance."""
    return list(dict.fromkeys(f for group in token_groups(text) for f in group))


def _counts(features: Iterable[str]) -> dict[str, tuple[int, int]]:
    from quire.comments.models import SpamToken

    wanted = list(features)
    found: dict[str, tuple[int, int]] = {}
    for start in range(0, len(wanted), 500):
        rows = SpamToken.objects.filter(token__in=wanted[start : start + 500])
        found.update({t: (s, h) for t, s, h in rows.values_list("token", "spam", "ham")})
    return found


def token_probability(spam: int, ham: int, spam_docs: int, ham_docs: int) -> float:
    """P(spam | token), from how often it appears in each class, pulled towards 0.5 when
    the token has been seen only a few times (Robinson's adjustment)."""
    in_spam = spam / spam_docs
    in_ham = ham / ham_docs
    p = in_spam / (in_spam + in_ham) if in_spam + in_ham else 0.5
    seen = spam + ham
    return (STRENGTH * 0.5 + seen * p) / (STRENGTH + seen)


def score(text: str, lookup: Callable[[list[str]], dict] | None = None) -> float | None:
    """Probability that the text is spam, or None when the model has too little to go on
    (it knows too few comments, or the text has too few telling tokens).

    ``lookup`` returns ``{token: (spam, ham)}`` for the tokens asked; by default it reads
    the shared counts in the database (the benchmark passes an in-memory model).
    """
    groups = token_groups(text)
    counts = (lookup or _counts)([DOCS, *dict.fromkeys(f for group in groups for f in group)])
    spam_docs, ham_docs = counts.pop(DOCS, (0, 0))
    if spam_docs < MIN_DOCS_PER_CLASS or ham_docs < MIN_DOCS_PER_CLASS:
        return None
    probabilities = []
    for group in groups:
        known = [token_probability(*counts[f], spam_docs, ham_docs) for f in group if f in counts]
        if known:
            probabilities.append(max(known, key=lambda p: abs(p - 0.5)))
    # The most telling tokens decide, as in Graham's "A Plan for Spam": a long, ordinary
    # comment is not condemned by many weak hints, nor a short one by a single word.
    telling = sorted(
        (p for p in probabilities if abs(p - 0.5) >= MIN_DEVIATION),
        key=lambda p: abs(p - 0.5),
        reverse=True,
    )[:MAX_TELLING]
    if len(telling) < MIN_TELLING:
        return None
    log_odds = sum(math.log(p / (1 - p)) for p in telling)
    log_odds = max(min(log_odds, 50.0), -50.0)
    return 1.0 / (1.0 + math.exp(-log_odds))


def check_with_score(context: SpamContext) -> tuple[float | None, Signal | None]:
    probability = score(context.text)
    if probability is None:
        return None, None
    if probability >= SPAM_THRESHOLD:
        signal = Signal("classifier", Action.SPAM, f"Reads like spam ({probability:.0%}).")
    elif probability >= HOLD_THRESHOLD:
        signal = Signal("classifier", Action.HOLD, f"Might be spam ({probability:.0%}).")
    else:
        signal = None
    return probability, signal


def check(context: SpamContext) -> Signal | None:
    return check_with_score(context)[1]


def _add(text: str, label: str, step: int, model=None) -> None:
    """Add (step=1) or remove (step=-1) one document's tokens from a class."""
    if model is None:
        from quire.comments.models import SpamToken as model
    if label not in ("spam", "ham"):
        raise ValueError(f"Unknown label {label!r}")
    features = [DOCS, *tokens(text)]
    with transaction.atomic():
        if step > 0:
            model.objects.bulk_create(
                [model(token=t) for t in features], ignore_conflicts=True, batch_size=500
            )
        for start in range(0, len(features), 500):
            rows = model.objects.filter(token__in=features[start : start + 500])
            if step < 0:
                rows = rows.filter(**{f"{label}__gt": 0})
            rows.update(**{label: F(label) + step})


def learn(text: str, label: str, model=None) -> None:
    _add(text, label, 1, model)


def unlearn(text: str, label: str, model=None) -> None:
    _add(text, label, -1, model)


def relearn(comment, label: str) -> None:
    """Teach the model a moderator's decision about a comment, replacing an earlier one."""
    if comment.learned_as == label:
        return
    if comment.learned_as:
        unlearn(comment.text, comment.learned_as)
    learn(comment.text, label)
    comment.learned_as = label
    comment.save(update_fields=["learned_as"])


def train_seed(model=None) -> None:
    """Load the starting training set (used by the data migration)."""
    from .training_data import TRAIN_HAM, TRAIN_SPAM

    for text in TRAIN_SPAM:
        learn(text, "spam", model)
    for text in TRAIN_HAM:
        learn(text, "ham", model)
