import pytest
from django.contrib.auth.models import Permission

from quire.consent.models import Service
from tests.editorial.conftest import writer  # noqa: F401 (fixture)
from tests.factories import UserFactory


@pytest.fixture
def operator(db):
    """Someone who manages the earnings program (and may open the editor)."""
    user = UserFactory(username="operator")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["manage_earnings", "access_admin"])
    )
    return user


@pytest.fixture
def networks(db):
    for key in ("adsense", "media-net"):
        Service.objects.create(
            key=key,
            name=key,
            category="marketing",
            purpose="Ads.",
            privacy_policy_url="https://example.org/privacy",
        )
    return "adsense", "media-net"
