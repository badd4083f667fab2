"""The ``<id:…>`` path converter: an object's id in a URL, within what a database stores.

Django's ``<int:…>`` takes any run of digits, and a 23-digit id reaches the database as a
number SQLite cannot bind (an OverflowError, a 500) wherever it is looked up through a
relation (a hub's id is its page's). ``<id:…>`` matches at most 19 ASCII digits and only
values up to ``MAX_ID``: anything else does not match, so the URL is a plain 404.
"""

from django.urls import register_converter

from .params import MAX_ID, parse_int


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = parse_int(value, minimum=1, maximum=MAX_ID)
        if number is None:
            raise ValueError("not an id")  # the URL does not match
        return number

    def to_url(self, value) -> str:
        return str(int(value))


def register() -> None:
    register_converter(IdConverter, "id")
