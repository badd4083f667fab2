"""Lists of domains the operator writes (refused links, disposable addresses, spam
domains) and whether a host falls under one: the domain itself or any subdomain of it."""


def domain_list(text: str) -> set[str]:
    """One domain a line (or comma-separated), lower-cased; blank lines and "#" notes skipped."""
    domains = set()
    for line in text.replace(",", "\n").splitlines():
        line = line.split("#", 1)[0].strip().lower().lstrip("@.")
        if line:
            domains.add(line)
    return domains


def matching_domain(host: str, domains) -> str | None:
    """The listed domain ``host`` is, or is a subdomain of ("www." on an entry ignored)."""
    host = host.lower().rstrip(".")
    for entry in domains:
        entry = entry.lower().strip().removeprefix("www.")
        if entry and (host == entry or host.endswith("." + entry)):
            return entry
    return None


def in_domains(host: str, domains) -> bool:
    return matching_domain(host, domains) is not None
