"""Setting a new site up, or completing an old one: idempotent, run by ``manage.py
quire_setup`` (and by ``make demo``)."""

from django.db import transaction

from quire.articles.models import HomePage
from quire.articles.services import tree_setup
from quire.editorial.services import editorial_setup


@transaction.atomic
def site_setup(site_name: str | None = None) -> HomePage:
    """The home page, the 22 channels and the site's own pages, then the groups, their
    permissions and the review workflow. What exists is kept. Returns the home page."""
    home = tree_setup(site_name)
    editorial_setup(home)
    return home
