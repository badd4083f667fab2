"""Whole numbers from a request: one parser for every query-string and form parameter.

``str.isdigit()`` (and ``int()``) accept far more than a person types: "²" and "١" are
digits to them, and a parameter of 5,000 digits is a number too big to convert or to store
(SQLite refuses anything past 2**63 - 1). A number here is written in ASCII digits only,
with at most as many digits as its largest value, and lies within the range its use
allows; anything else is no number at all, and the caller says what that means (the first
page, a default, a 404, a message).
"""

from collections.abc import Iterable, Mapping

# The largest id any of the databases stores (a 64-bit integer column).
MAX_ID = 2**63 - 1
# Page numbers of listings, comment threads and search results: six digits, as many pages
# as the page cache files separately (quire/pagecache/middleware.py).
MAX_PAGE = 999_999


def parse_int(text: object, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """``text`` as a whole number from ``minimum`` to ``maximum`` (neither below zero), or
    None: for no text, a sign, spaces, any digit that is not ASCII, too many digits."""
    if not isinstance(text, str) or not 0 < len(text) <= len(str(maximum)):
        return None
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)  # at most len(str(maximum)) ASCII digits: cheap, never an error
    return value if minimum <= value <= maximum else None


def int_param(
    params: Mapping,
    name: str,
    default: int | None = None,
    *,
    minimum: int = 0,
    maximum: int = MAX_ID,
) -> int | None:
    """The number ``params[name]`` holds (a QueryDict's last value), else ``default``."""
    value = parse_int(params.get(name), minimum=minimum, maximum=maximum)
    return default if value is None else value


def page_number(params: Mapping, name: str = "page") -> int:
    """The page of a listing the query string asks for: 1 when missing or not a number.
    A number past the last page is the paginator's to handle (it shows the last)."""
    return int_param(params, name, 1, minimum=1, maximum=MAX_PAGE)


def object_id(params: Mapping, name: str) -> int | None:
    """An object's id from the query string or a form, or None when it cannot be one."""
    return int_param(params, name, minimum=1)


def object_ids(values: Iterable[str]) -> list[int]:
    """The ids among ``values`` (a form's checked boxes); what cannot be an id is left out."""
    return [number for value in values if (number := parse_int(value, minimum=1)) is not None]
