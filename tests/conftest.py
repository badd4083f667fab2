import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from quire.articles.models import ChannelPage, HomePage
from quire.consent.services import PRUNE_MARK
from quire.pagecache import tags
from quire.pagecache.store import page_store
from quire.site.setup import site_setup
from tests.factories import UserFactory, make_hub


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from a site with its home page and 22 channels."""
    with django_db_blocker.unblock():
        site_setup()


@pytest.fixture(autouse=True)
def _fresh_caches():
    # Tests roll their database changes back; cached reads of the database must not
    # outlive them (never cache.clear(): other test processes share a Redis).
    cache.delete(PRUNE_MARK)
    # Every cached page and per-process memo is filed under the layout too.
    page_store().generations.bump([tags.LAYOUT])
    yield
    page_store().generations.bump([tags.LAYOUT])


@pytest.fixture
def home(db):
    return HomePage.objects.get()


@pytest.fixture
def channel(db):
    return ChannelPage.objects.get(slug="food")


@pytest.fixture
def author(db):
    return UserFactory(first_name="Hana", last_name="Okafor")


@pytest.fixture
def reader(db):
    user = UserFactory(first_name="Ravi", last_name="Menon")
    profile = user.author_profile
    profile.location = "Pune, India"
    profile.save()
    return user


@pytest.fixture
def editor(db):
    user = UserFactory(first_name="Eda", last_name="Editor")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def hub(channel, author):
    return make_hub(channel, author, title="Slow bread")
