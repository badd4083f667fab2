"""The base of every error a person reads."""

from __future__ import annotations


class UserError(Exception):
    """Something a person asked for that cannot be done: ``message`` says why (and what to
    do instead) in words fit to show them; ``field`` names the form field it is about
    (None: the request as a whole). Views show the message; nothing else of the error."""

    def __init__(self, message: str = "", *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message
