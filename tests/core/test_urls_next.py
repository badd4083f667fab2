"""The one check of every ``next`` address (quire/core/urls_next.py)."""

import pytest

from quire.core.urls_next import MAX_NEXT_LENGTH, local_next


@pytest.mark.parametrize(
    "target",
    [
        "https://elsewhere.example/",
        "//elsewhere.example/",
        "/\\elsewhere.example",
        "javascript:alert(1)",
        "",
        None,
        "/" + "a" * MAX_NEXT_LENGTH,
    ],
)
def test_an_address_off_the_site_or_too_long_is_refused(rf, target):
    assert local_next(rf.get("/"), target) is None


def test_an_address_on_the_site_is_kept(rf):
    assert local_next(rf.get("/"), "/food/slow-bread/?page=2") == "/food/slow-bread/?page=2"


def test_an_address_outside_the_part_asked_for_is_refused(rf):
    request = rf.get("/")
    assert local_next(request, "/privacy/", under="/admin/") is None
    assert local_next(request, "/admin/pages/", under="/admin/") == "/admin/pages/"
