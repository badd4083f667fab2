"""A field people never see and never fill in; simple bots fill in every field."""

from . import Action, Signal, SpamContext

FIELD_NAME = "website"


def check(context: SpamContext) -> Signal | None:
    if context.honeypot.strip():
        return Signal("honeypot", Action.SPAM, "Filled in the hidden field that people never see.")
    return None
