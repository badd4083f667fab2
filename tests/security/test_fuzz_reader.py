"""The fuzz walk (tests/security/walk.py) over the reader's side: pages, feeds, sitemaps,
search, accounts, the comment, consent, statistics and earnings endpoints; and the walk's
own bookkeeping."""

import pytest

from tests.security.walk import EXTRA_PATHS, KNOWN, LEAVES, ROLES, SKIP, cases, report, walk


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "leaf"), list(cases(admin=False, roles=ROLES)))
def test_no_server_error(world, role, leaf):
    problems = walk(world, role, leaf)
    assert not problems, report(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in ROLES if r != "superuser"])
@pytest.mark.parametrize("path", sorted(EXTRA_PATHS.values()))
def test_no_server_error_before_routing(world, role, path):
    problems = walk(world, role, None, path_override=path)
    assert not problems, report(problems)


def test_every_pattern_is_walked():
    """A pattern skipped must say why; the walk's own bookkeeping stays true."""
    routes = {leaf.route for leaf in LEAVES}
    assert set(SKIP) <= routes, "a skip names a pattern that no longer exists"
    assert set(KNOWN) <= {f"{r}:{leaf.route}" for leaf in LEAVES for r in ROLES}
    assert len(LEAVES) > 300  # the whole tree, includes and all
