"""The fuzz walk (tests/security/walk.py) over the editor (/admin/, /django-admin/),
by editors and the superuser.
A file of its own so that the test runner spreads the walk over its workers."""

import pytest

from tests.security.walk import cases, report, walk


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "leaf"), list(cases(admin=True, roles=("editor", "superuser"))))
def test_no_server_error(world, role, leaf):
    problems = walk(world, role, leaf)
    assert not problems, report(problems)
