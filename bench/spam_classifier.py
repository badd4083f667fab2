"""Precision and recall of the comment spam classifier.

    .venv/bin/python bench/spam_classifier.py

1. The held-out set (``training_data.HELDOUT_*``, never trained on) scored by the model as
   the data migration leaves it in the database (a fresh in-memory SQLite database).
2. Ten-fold cross-validation over all example comments (training and held-out), with an
   in-memory model built with the same tokens and counts as the database one.

A comment counts as caught when the classifier holds it (score ≥ HOLD_THRESHOLD) and as
spam when it marks it spam (score ≥ SPAM_THRESHOLD); "no verdict" means too few telling
tokens, which lets the other layers and the author's rules decide.
"""

import os
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quire.settings.dev")
os.environ["DATABASE_URL"] = "sqlite://:memory:"

import django

django.setup()

from django.core.management import call_command

from quire.comments.spam import classifier
from quire.comments.spam.training_data import (
    HELDOUT_HAM,
    HELDOUT_SPAM,
    TRAIN_HAM,
    TRAIN_SPAM,
)


def report(label: str, spam_scores: list, ham_scores: list) -> None:
    print(f"\n{label}: {len(spam_scores)} spam, {len(ham_scores)} good comments")
    for name, threshold in (
        ("held (≥ hold threshold)", classifier.HOLD_THRESHOLD),
        ("marked spam (≥ spam threshold)", classifier.SPAM_THRESHOLD),
    ):
        tp = sum(s is not None and s >= threshold for s in spam_scores)
        fp = sum(s is not None and s >= threshold for s in ham_scores)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / len(spam_scores)
        print(
            f"  {name:32} precision {precision:6.1%}  recall {recall:6.1%}"
            f"  ({tp} spam caught, {fp} good comments caught)"
        )
    silent = sum(s is None for s in spam_scores + ham_scores)
    print(f"  no verdict (too few telling tokens): {silent}")


class MemoryModel:
    def __init__(self):
        self.counts: Counter = Counter()

    def learn(self, text: str, label: str) -> None:
        index = 0 if label == "spam" else 1
        for token in [classifier.DOCS, *classifier.tokens(text)]:
            self.counts[(token, index)] += 1

    def lookup(self, tokens: list[str]) -> dict:
        return {
            t: (self.counts[(t, 0)], self.counts[(t, 1)])
            for t in tokens
            if self.counts[(t, 0)] or self.counts[(t, 1)]
        }


def cross_validate(folds: int = 10, seed: int = 1) -> tuple[list, list]:
    examples = [(t, "spam") for t in TRAIN_SPAM + HELDOUT_SPAM]
    examples += [(t, "ham") for t in TRAIN_HAM + HELDOUT_HAM]
    random.Random(seed).shuffle(examples)
    spam_scores, ham_scores = [], []
    for k in range(folds):
        model = MemoryModel()
        for i, (text, label) in enumerate(examples):
            if i % folds != k:
                model.learn(text, label)
        for i, (text, label) in enumerate(examples):
            if i % folds == k:
                score = classifier.score(text, model.lookup)
                (spam_scores if label == "spam" else ham_scores).append(score)
    return spam_scores, ham_scores


def main() -> None:
    call_command("migrate", verbosity=0)  # the data migration trains the seed model
    report(
        "Held-out set, model as shipped",
        [classifier.score(t) for t in HELDOUT_SPAM],
        [classifier.score(t) for t in HELDOUT_HAM],
    )
    report("10-fold cross-validation over all examples", *cross_validate())


if __name__ == "__main__":
    main()
