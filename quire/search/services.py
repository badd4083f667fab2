"""Keeping the search index: the index follows publishing by itself (Wagtail queues an
update task on every save); this rebuilds it for hubs written in bulk (the demo, imports)."""

from collections.abc import Callable

from modelsearch.backends import get_search_backend

from quire.articles.models import ArticlePage

CHUNK = 500


def search_index_rebuild(progress: Callable[[str], None] | None = None) -> int:
    """Index every hub again, in chunks, reporting progress. Returns how many."""

    progress = progress or (lambda message: None)
    backend = get_search_backend()
    index = backend.get_index_for_model(ArticlePage)
    index.add_model(ArticlePage)
    ids = list(ArticlePage.objects.order_by("pk").values_list("pk", flat=True))
    done = 0
    for start in range(0, len(ids), CHUNK):
        chunk = list(
            ArticlePage.objects.filter(pk__in=ids[start : start + CHUNK]).select_related(
                "owner__author_profile"
            )
        )
        backend.add_bulk(ArticlePage, chunk)
        done += len(chunk)
        progress(f"  indexed {done:,}/{len(ids):,} hubs")
    index.refresh()
    return done
