"""The parts of a hub's page that features add: comments, ad slots, and whatever comes next.

The hub tree knows none of the features above it. Each feature registers a function under
``SECTIONS_HOOK`` in its own ``wagtail_hooks.py``::

    @hooks.register(sections.SECTIONS_HOOK)
    def reactions(hub, request, state):
        return [HubSection("after", "reactions/includes/bar.html", {"counts": ...})]

It is called for every live hub page a reader sees (not in the editor's preview) with the
hub, the request and ``state``: what a feature's own POST wants shown again (its bound form
and error, see :func:`hub_page_response`). The page template renders each place's
sections in order; adding a section touches only the feature that adds it.

A page that shows third-party frames asks ``FRAMES_HOOK`` (the consent app) to allow them in
its Content-Security-Policy: the services its capsules embed, and the site itself when a
section frames one of its own pages (a sandboxed ad).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.template.response import TemplateResponse
from wagtail import hooks

from quire.pagecache.fragments import FragmentSpec

SECTIONS_HOOK = "quire_hub_sections"
FRAMES_HOOK = "quire_hub_frames"
PAGE_PARTS_HOOK = "quire_page_parts"

# Where on the page: among the capsules (after ``after_capsule``), under the byline's name,
# in the author box, beside the author box, at the foot of the article, and below the
# article and its related hubs.
BODY, BYLINE, AUTHOR_BOX, ASIDE, FOOTER, AFTER = (
    "body",
    "byline",
    "author_box",
    "aside",
    "footer",
    "after",
)
PLACES = (BODY, BYLINE, AUTHOR_BOX, ASIDE, FOOTER, AFTER)
# The other reader pages features add to: an author's profile, a channel, the home page.
PROFILE, CHANNEL, HOME = "profile", "channel", "home"


@dataclass(frozen=True)
class HubSection:
    place: str
    template: str
    context: Mapping = field(default_factory=dict)
    # Rendered through the fragment store under this spec (kept between requests when the
    # spec has a key), the spec's own context pushed under ``context``.
    fragment: FragmentSpec | None = None
    after_capsule: int | None = None
    frames_self: bool = False
    order: int = 0

    def __post_init__(self):
        if self.place not in PLACES:
            raise ValueError(f"A hub section's place is one of {PLACES}, not {self.place!r}")


@dataclass(frozen=True)
class PagePart:
    """A feature's part of a profile, channel or home page header, rendered with
    ``{% hub_section %}``; ``tags``: what else the page is then filed under (a count it
    shows), as the page is the same for every anonymous reader."""

    template: str
    context: Mapping = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    fragment: FragmentSpec | None = None
    # In the page's header, or after its introduction (a profile's "about").
    place: str = "header"


def page_parts(kind: str, subject, request) -> list[PagePart]:
    """Every registered feature's parts of a profile (``subject``: the AuthorProfile), a
    channel (the ChannelPage) or the home page (the HomePage). A function registered under
    ``PAGE_PARTS_HOOK`` is called with (kind, subject, request)."""
    return [
        part
        for provide in hooks.get_hooks(PAGE_PARTS_HOOK)
        for part in provide(kind, subject, request) or ()
    ]


def hub_sections(hub, request, state: Mapping | None = None) -> dict[str, list[HubSection]]:
    """Every registered feature's sections of this hub's page, by place, in order."""
    placed: dict[str, list[HubSection]] = {place: [] for place in PLACES}
    for provide in hooks.get_hooks(SECTIONS_HOOK):
        for section in provide(hub, request, state or {}) or ():
            placed[section.place].append(section)
    for sections in placed.values():
        sections.sort(key=lambda section: section.order)
    return placed


def allow_frames(hub, response) -> None:
    """Let this response frame what the hub embeds and what its sections frame."""
    placed = (getattr(response, "context_data", None) or {}).get("hub_sections") or {}
    frames_self = any(s.frames_self for sections in placed.values() for s in sections)
    for allow in hooks.get_hooks(FRAMES_HOOK):
        allow(response, hub.embedded_services(), frames_self)


def hub_page_response(request, hub, *, state: Mapping, status: int) -> TemplateResponse:
    """The hub's page shown again for a feature's POST (a comment with an error keeps its
    text in the form): the one way a feature renders the hub, never its own copy."""
    context = hub.get_context(request, hub_state=state)
    response = TemplateResponse(request, hub.get_template(request), context, status=status)
    allow_frames(hub, response)
    return response
