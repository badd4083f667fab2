"""Automatic checks a hub passes before it can be submitted for review.

Each check is a small function ``(hub, settings) -> str | None``: ``None`` when the hub
passes, else the reason, written for the author. ``run_prechecks`` runs them all; the
editor shows the results to the author and to the reviewing editor, and the page form
refuses a submission while any check fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.html import strip_tags

from quire.articles.models import ArticlePage
from quire.core.domains import in_domains

WORD = re.compile(r"\w+(?:['’]\w+)*")
URL = re.compile(r"""(?:https?:)?//[^\s"'<>\\]+""", re.IGNORECASE)
# Capsules whose content is not text: they are complete when their required fields are.
NON_TEXT_CAPSULES = {"image", "video", "map"}


@dataclass(frozen=True)
class Precheck:
    key: str
    label: str
    problem: str | None

    @property
    def passed(self) -> bool:
        return self.problem is None


def _capsule_text(child) -> str:
    content = child.block.get_searchable_content(child.value)
    return strip_tags(" ".join(str(part) for part in content)).strip()


def body_word_count(hub) -> int:
    return sum(len(WORD.findall(_capsule_text(child))) for child in hub.body)


def check_length(hub, settings) -> str | None:
    words = body_word_count(hub)
    if words < settings.min_words:
        return f"The body has {words:,} words; hubs need at least {settings.min_words:,}."
    return None


def check_lead_image(hub, settings) -> str | None:
    if not hub.lead_image_id:
        return "Choose a lead image: it is shown at the top of the hub and in listings."
    return None


def check_summary(hub, settings) -> str | None:
    if not (hub.summary or "").strip():
        return "Write a summary of one or two sentences."
    return None


def check_no_empty_capsules(hub, settings) -> str | None:
    empty = [
        str(number)
        for number, child in enumerate(hub.body, start=1)
        if child.block_type not in NON_TEXT_CAPSULES and not _capsule_text(child)
    ]
    if not len(hub.body):
        return "The body is empty: add at least one text section."
    if len(empty) == 1:
        return f"Capsule {empty[0]} is empty: fill or remove it."
    if empty:
        return f"Capsules {', '.join(empty)} are empty: fill or remove them."
    return None


def check_alt_text(hub, settings) -> str | None:
    missing = []
    if hub.lead_image_id and not (hub.lead_image_alt or "").strip():
        missing.append("the lead image")
    for number, child in enumerate(hub.body, start=1):
        if child.block_type == "image" and not (child.value.get("alt_text") or "").strip():
            missing.append(f"the image in capsule {number}")
    if missing:
        return f"Describe {', '.join(missing)} for readers who cannot see it (alternative text)."
    return None


def link_hosts(hub) -> set[str]:
    """Every host the hub links to or embeds, from all of its capsules' raw data."""
    import json

    raw = json.dumps(list(hub.body.raw_data), ensure_ascii=False)
    raw = raw.replace("\\/", "/")
    hosts = set()
    for match in URL.finditer(raw):
        host = urlsplit(match.group(0) if ":" in match.group(0)[:6] else "http:" + match.group(0))
        if host.hostname:
            hosts.add(host.hostname.lower().rstrip("."))
    return hosts


def check_bad_links(hub, settings) -> str | None:
    refused = settings.bad_domain_set()
    if not refused:
        return None

    bad = sorted(host for host in link_hosts(hub) if in_domains(host, refused))
    if bad:
        return f"Remove the links to {', '.join(bad)}: the site does not accept links there."
    return None


def check_unique_title(hub, settings) -> str | None:
    title = " ".join((hub.title or "").split())
    others = ArticlePage.objects.live().filter(title__iexact=title)
    if hub.pk:
        others = others.exclude(pk=hub.pk)
    if title and others.exists():
        return "Another published hub has this title: choose a title of your own."
    return None


CHECKS = [
    ("length", "Length", check_length),
    ("lead_image", "Lead image", check_lead_image),
    ("summary", "Summary", check_summary),
    ("capsules", "No empty capsules", check_no_empty_capsules),
    ("alt_text", "Images described", check_alt_text),
    ("links", "Links", check_bad_links),
    ("title", "Title of its own", check_unique_title),
]


def run_prechecks(hub, settings=None) -> list[Precheck]:
    if settings is None:
        from .models import EditorialSettings

        settings = EditorialSettings.load()
    return [Precheck(key, label, check(hub, settings)) for key, label, check in CHECKS]


def problems(hub, settings=None) -> list[str]:
    return [result.problem for result in run_prechecks(hub, settings) if not result.passed]
