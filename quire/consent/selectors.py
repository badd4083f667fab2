"""Reading the registry: enabled services and settings, cached and cleared on change."""

from dataclasses import dataclass, field

from quire.core import compat
from quire.pagecache import layout_memo

from .models import Category, ConsentSettings, Service


@dataclass(frozen=True)
class ServiceEntry:
    key: str
    name: str
    category: str
    category_label: str
    purpose: str
    provider: str
    privacy_policy_url: str
    hosts: tuple[str, ...]
    sets_cookies: bool
    first_party: bool


@dataclass(frozen=True)
class Registry:
    version: int
    consent_months: int
    country_header: str
    services: tuple[ServiceEntry, ...] = field(default_factory=tuple)

    def get(self, key: str) -> ServiceEntry | None:
        return next((s for s in self.services if s.key == key), None)

    @property
    def optional(self) -> list[ServiceEntry]:
        return [s for s in self.services if s.category != Category.NECESSARY]

    def by_category(self) -> list[tuple[str, str, list[ServiceEntry]]]:
        return [
            (value, label, [s for s in self.services if s.category == value])
            for value, label in Category.choices
        ]


def registry() -> Registry:
    """The enabled services and the consent settings: two queries, kept in each process
    until the layout changes anywhere (quire/pagecache: a change to a service or to the
    settings bumps it)."""

    return layout_memo("consent-registry", _registry)


def _registry() -> Registry:
    settings = ConsentSettings.load()
    services = tuple(
        ServiceEntry(
            key=s.key,
            name=s.name,
            category=s.category,
            category_label=s.get_category_display(),
            purpose=s.purpose,
            provider=s.provider,
            privacy_policy_url=s.privacy_policy_url,
            hosts=tuple(s.host_list),
            sets_cookies=s.sets_cookies,
            first_party=s.first_party,
        )
        for s in Service.objects.filter(enabled=True)
    )
    return Registry(
        version=settings.registry_version,
        consent_months=settings.consent_months,
        country_header=settings.country_header,
        services=services,
    )


def region_header_in_use() -> bool:
    """Whether visitors' regions are read from a proxy's country header: then no page may
    be served before the consent middleware has seen the request."""
    return bool(registry().country_header)


def frame_sources(keys) -> list[str]:
    """The origins a page may frame: the hosts of the enabled services it embeds."""
    reg = registry()
    sources = []
    for key in sorted(set(keys)):
        service = reg.get(key)
        if service is not None:
            sources += [f"https://{host}" for host in service.hosts]
    return sources


def allow_embeds_in_policy(response, keys, also_self: bool = False) -> None:
    """Let this one response frame the embedded services' hosts (django-csp reads the
    attribute), and the site itself with ``also_self`` (sandboxed ad frames); every other
    page keeps ``frame-src 'none'``."""
    sources = frame_sources(keys) + (["'self'"] if also_self else [])
    if sources:
        compat.csp_replace(response, "frame-src", sources)
