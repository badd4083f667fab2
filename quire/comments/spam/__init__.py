"""First-party spam protection: layers, each a module with a ``check(context)`` function.

A layer returns ``None`` when it sees nothing wrong, or a :class:`Signal`:

* ``REFUSE`` — the comment is not saved and the writer is told why (rate limits, a
  double post); the text stays in their form. Only the duplicate and rate-limit layers
  refuse, and nothing after the rate limit does (a refused post is not counted).
* ``SPAM`` — saved with status spam, for a moderator to confirm or release.
* ``HOLD`` — saved and held for review.

Nothing a layer doubts is ever silently dropped: held and spam comments are kept, shown
to their writer as awaiting approval, and listed for moderators with every reason.
"""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from django.utils import timezone


class Action(StrEnum):
    HOLD = "hold"
    SPAM = "spam"
    REFUSE = "refuse"


@dataclass(frozen=True)
class Signal:
    layer: str
    action: Action
    reason: str

    def as_dict(self) -> dict:
        return {"layer": self.layer, "action": str(self.action), "reason": self.reason}


@dataclass
class SpamContext:
    text: str
    hub_id: int
    user_id: int | None = None
    ip_address: str | None = None
    honeypot: str = ""
    form_token: str = ""
    now: datetime = field(default_factory=timezone.now)
    # Only the text's own checks (repetition, links) run, not those about the form and the
    # pace (honeypot, fill time, rate limits): an edit of a published comment, or a writer
    # the site trusts.
    trusted: bool = False
    exclude_comment_id: int | None = None


@dataclass
class Verdict:
    signals: list[Signal]
    score: float | None = None

    @property
    def refused(self) -> Signal | None:
        return next((s for s in self.signals if s.action == Action.REFUSE), None)

    @property
    def is_spam(self) -> bool:
        return any(s.action == Action.SPAM for s in self.signals)

    @property
    def is_held(self) -> bool:
        return any(s.action == Action.HOLD for s in self.signals)

    def reasons(self) -> list[dict]:
        return [s.as_dict() for s in self.signals]


def assess(context: SpamContext) -> Verdict:
    """Run every layer, cheapest first; stop early only when a layer refuses.

    The rate limit counts the post and the form's token is used up only once no layer
    has refused it: a refused post costs the writer nothing.
    """
    from . import classifier, duplicates, honeypot, links, ratelimit, timing

    signals: list[Signal] = []
    if context.trusted:
        layers = [duplicates.check, links.check]
    else:
        layers = [
            honeypot.check,
            timing.check,
            duplicates.check,
            ratelimit.check,
            links.check,
            timing.consume,
        ]
    for check in layers:
        signal = check(context)
        if signal is not None:
            signals.append(signal)
            if signal.action == Action.REFUSE:
                return Verdict(signals)
    score, signal = classifier.check_with_score(context)
    if signal is not None:
        signals.append(signal)
    return Verdict(signals, score)
