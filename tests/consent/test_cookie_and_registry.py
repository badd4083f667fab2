from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from quire.consent import cookie
from quire.consent.models import ConsentRecord, ConsentSettings, Service
from quire.consent.selectors import registry
from quire.consent.services import ip_prefix

VISITOR = "0123456789abcdef0123456789abcdef"


def test_a_cookie_round_trips():
    now = timezone.now().replace(microsecond=0)
    value = cookie.make(VISITOR, 7, ["youtube", "openstreetmap"], now)
    parsed = cookie.parse(value)
    assert parsed.visitor_id == VISITOR and parsed.version == 7
    assert parsed.allowed == {"youtube", "openstreetmap"} and parsed.issued == now
    assert cookie.parse(cookie.make(VISITOR, 1, [], now)).allowed == frozenset()


@pytest.mark.parametrize(
    "value",
    [
        "",
        "yes",
        "v1|||||",
        "v2|0123456789abcdef0123456789abcdef|1|1|youtube|0123456789abcdef0123456789abcdef",
        "v1|0123456789abcdef0123456789abcdef|1|99999999999999|youtube|" + "0" * 32,
        "v1|ZZZ|1|1|youtube|" + "0" * 32,
        "\x00\xff" * 50,
        "v1|" + "a" * 5000,
    ],
)
def test_malformed_cookies_are_no_consent(value):
    assert cookie.parse(value) is None


def test_a_forged_cookie_is_no_consent():
    genuine = cookie.make(VISITOR, 1, ["youtube"], timezone.now())
    payload, _ = genuine.rsplit("|", 1)
    forged = payload.replace("youtube", "youtube.vimeo") + "|" + genuine.rsplit("|", 1)[1]
    assert cookie.parse(forged) is None


@pytest.mark.parametrize(
    ("address", "prefix"),
    [
        ("203.0.113.77", "203.0.113.0"),
        ("2001:db8:abcd:12:1:2:3:4", "2001:db8:abcd::"),
        ("", ""),
        ("not an ip", ""),
    ],
)
def test_addresses_are_truncated(address, prefix):
    assert ip_prefix(address) == prefix


@pytest.mark.django_db
def test_the_registry_lists_every_function_and_embed():
    keys = {s.key for s in registry().services}
    assert {"youtube", "vimeo", "openstreetmap"} <= keys
    assert {"quire-accounts", "quire-spam-filter", "quire-statistics"} <= keys
    necessary = {s.key for s in registry().services if s.category == "necessary"}
    assert necessary == {s.key for s in registry().services if s.first_party}
    disabled = set(Service.objects.filter(enabled=False).values_list("key", flat=True))
    assert {"paypal", "ad-network", "google-sign-in", "facebook-sign-in"} <= disabled


@pytest.mark.django_db
def test_a_service_without_a_policy_cannot_be_enabled():
    service = Service.objects.get(key="ad-network")
    service.enabled = True
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert "privacy-policy link" in str(error.value)
    service.privacy_policy_url = "https://ads.example/privacy"
    service.hosts = "ads.example"
    service.full_clean()


@pytest.mark.django_db
def test_hosts_must_be_host_names_and_own_functions_necessary():
    service = Service(key="x", name="X", category="features", purpose="p", first_party=True)
    with pytest.raises(ValidationError, match="Necessary"):
        service.full_clean()
    service = Service(key="y", name="Y", category="features", purpose="p", hosts="https://a.test/")
    with pytest.raises(ValidationError, match="Not a host name"):
        service.full_clean()


@pytest.mark.django_db
def test_material_changes_raise_the_registry_version_and_refresh_the_cache():
    start = registry().version
    youtube = Service.objects.get(key="youtube")
    youtube.order = 999
    youtube.save()
    assert registry().version == start  # not material
    youtube.purpose = "Plays videos, and now something else too."
    youtube.save()
    assert registry().version == start + 1
    assert registry().get("youtube").purpose.endswith("something else too.")
    Service.objects.create(
        key="new-maps",
        name="New maps",
        category="features",
        purpose="Maps.",
        privacy_policy_url="https://maps.example/privacy",
        enabled=True,
    )
    assert registry().version == start + 2
    settings = ConsentSettings.load()
    settings.registry_version = 50
    settings.save()
    assert registry().version == 50


@pytest.mark.django_db
def test_records_are_append_only():
    record = ConsentRecord.objects.create(
        visitor_id=VISITOR, action="reject_all", choices={}, registry_version=1
    )
    record.action = "accept_all"
    with pytest.raises(ValueError, match="append-only"):
        record.save()


@pytest.mark.django_db
def test_old_records_are_pruned_by_the_task():
    from quire.consent.tasks import prune_consent_records

    old = ConsentRecord.objects.create(
        visitor_id=VISITOR,
        action="reject_all",
        choices={},
        registry_version=1,
        created_at=timezone.now() - timedelta(days=3 * 365 + 1),
    )
    recent = ConsentRecord.objects.create(
        visitor_id=VISITOR, action="reject_all", choices={}, registry_version=1
    )
    assert prune_consent_records.call() == 1
    assert list(ConsentRecord.objects.all()) == [recent]
    assert not ConsentRecord.objects.filter(pk=old.pk).exists()


def test_the_page_cache_knows_the_consent_cookies_by_their_names():
    """The page cache is told by settings which cookies make a page the visitor's own."""
    from django.conf import settings

    from quire.consent import cookie

    assert set(settings.QUIRE_PAGE_CACHE_PERSONAL_COOKIES) == {
        cookie.COOKIE_NAME,
        cookie.REGION_COOKIE,
    }


def test_every_sign_in_provider_offered_is_a_service_in_the_registry():
    from quire.accounts.wagtail_hooks import PROVIDER_CHOICES
    from quire.consent.social import PROVIDER_SERVICES

    assert {provider for provider, _ in PROVIDER_CHOICES} == set(PROVIDER_SERVICES)
