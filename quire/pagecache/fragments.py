"""Parts of pages kept rendered in each process (see templatetags/pagecache_tags.py).

A page the page cache cannot serve (a signed-in reader's, a URL with an unknown
parameter, the first after a change) is still cheap: its hub body, related hubs and the
conversation as an anonymous reader sees it are HTML kept under the same tags as the
pages, checked against the same generation counters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.safestring import mark_safe

from .tags import LAYOUT


@dataclass(frozen=True)
class FragmentSpec:
    key: str | None
    tags: tuple[str, ...] = ()
    provide: Callable[[], dict] | None = field(default=None, compare=False)


@dataclass(slots=True, frozen=True)
class Fragment:
    snapshot: tuple[tuple[int, int], ...]
    html: str

    @property
    def size(self) -> int:
        return len(self.html) * 2 + 200


def render_fragment(spec: FragmentSpec | str | None, context, nodelist) -> str:
    if not spec:  # none given (an editor's preview): rendered as it stands
        return nodelist.render(context)
    if spec.key is None or not settings.QUIRE_PAGE_CACHE:
        return _render(spec, context, nodelist)
    from . import keepable
    from .store import fragment_store

    store = fragment_store()
    generations = store.generations
    usable = generations.healthy
    if usable:
        kept = store.get(spec.key)
        if kept is not None:
            return mark_safe(kept.html)  # noqa: S308 - rendered by the template engine
    html, snapshot = generations.computed(
        lambda: _render(spec, context, nodelist),
        lambda html: (LAYOUT, *spec.tags) if usable and keepable(spec.tags) else None,
    )
    if snapshot is not None:
        store.put(spec.key, Fragment(snapshot, str(html)), 0)
    return html


def _render(spec: FragmentSpec, context, nodelist) -> str:
    with context.push(spec.provide() if spec.provide else {}):
        return nodelist.render(context)
