from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from quire.articles.models import paginate
from quire.articles.selectors import hubs_by_author, with_channels
from quire.pagecache import cacheable

from .models import AuthorProfile


def author_profile(request: HttpRequest, slug: str) -> HttpResponse:
    profile = get_object_or_404(AuthorProfile.objects.select_related("user"), slug=slug)
    hubs = paginate(request, hubs_by_author(profile.user))
    hubs.object_list = with_channels(hubs.object_list)
    response = render(request, "authors/profile.html", {"profile": profile, "hubs": hubs})
    return cacheable(response, f"author:{profile.user_id}")
