from django.core.paginator import EmptyPage, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from quire.articles.models import ChannelPage
from quire.authors.models import AuthorProfile
from quire.core.params import page_number

from . import selectors
from .text import MAX_QUERY, clean_query, snippet, suggest

PER_PAGE = selectors.PAGE_SIZE


def search(request: HttpRequest) -> HttpResponse:
    query, cut = clean_query(request.GET.get("q", ""))
    channel = ChannelPage.objects.live().filter(slug=request.GET.get("channel", "")).first()
    profile = (
        AuthorProfile.objects.select_related("user")
        .filter(slug=request.GET.get("author", ""))
        .first()
    )
    newest_first = request.GET.get("sort") == "newest"
    context = {
        "query": query,
        "raw_query": request.GET.get("q", ""),
        "cut": cut,
        "max_query": MAX_QUERY,
        "channel": channel,
        "author_profile": profile,
        "newest_first": newest_first,
        "results": None,
    }
    if query:
        results = selectors.search_hubs(
            query,
            channel=channel,
            author=profile.user if profile else None,
            newest_first=newest_first,
        )
        paginator = Paginator(results, PER_PAGE)
        number = page_number(request.GET)
        try:
            page = paginator.page(number)
        except EmptyPage:
            page = None
        hubs = selectors.decorate(page.object_list) if page else []
        for hub in hubs:
            hub.snippet = snippet(f"{hub.summary} {hub.body_text}", query)
        context.update(
            {
                "results": hubs,
                "page": page,
                "paginator": paginator,
                "past_end": page is None and paginator.count > 0,
                "total": paginator.count,
                "capped": isinstance(results, selectors.HubResults)
                and paginator.count >= selectors.CANDIDATES,
            }
        )
        if paginator.count == 0:
            context["suggestion"] = suggest(query, selectors.vocabulary())
    query_params = request.GET.copy()
    query_params.pop("page", None)
    context["base_query"] = query_params.urlencode()
    response = render(request, "search/results.html", context)
    if query:
        response["X-Robots-Tag"] = "noindex"
    return response
