"""Reader pages of the hub tree that are not pages of the tree itself: an author's
profile, which lists their hubs (the authors app, below the hub tree, knows no hubs)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from quire.authors.models import AuthorProfile
from quire.pagecache import cacheable, memo
from quire.pagecache import tags as tag
from quire.pagecache.fragments import FragmentSpec

from . import sections
from .models import listing_page_number, paginate
from .selectors import hubs_by_author, with_channels


def author_profile(request: HttpRequest, slug: str) -> HttpResponse:
    profile = get_object_or_404(AuthorProfile.objects.select_related("user"), slug=slug)
    tags = (tag.author(profile.user_id),)
    count = memo(f"author-count:{profile.user_id}", tags, hubs_by_author(profile.user).count)
    number = listing_page_number(request, count)

    def provide() -> dict:
        hubs = paginate(request, hubs_by_author(profile.user), count=count)
        hubs.object_list = with_channels(hubs.object_list)
        return {"hubs": hubs}

    parts = sections.page_parts(sections.PROFILE, profile, request)
    context = {
        "page_parts": parts,
        "profile": profile,
        "hub_count": count,
        "page_number": number,
        # The listing is kept rendered until one of the author's hubs changes.
        "listing_fragment": FragmentSpec(f"author-list:{profile.user_id}:{number}", tags, provide),
    }
    response = render(request, "authors/profile.html", context)
    return cacheable(response, *tags, *(t for part in parts for t in part.tags))
