"""Tests that commit for real (several threads or connections at once). Their database
is emptied after each test, so ``make test`` runs them in a process of their own, after
the others, like the browser tests; this puts back the home page and channels."""

import pytest

from tests.earnings.conftest import networks, operator  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def _site(transactional_db):
    from quire.site.setup import site_setup

    site_setup()
