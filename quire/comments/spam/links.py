"""Links: too many of them, a blocked domain, or a link shortener that hides the target."""

from django.conf import settings

from quire.comments.text import find_urls, url_domain
from quire.core.domains import matching_domain

from . import Action, Signal, SpamContext


def check(context: SpamContext) -> Signal | None:
    urls = find_urls(context.text)
    if not urls:
        return None
    domains = [url_domain(u) for u in urls]
    for domain in domains:
        if blocked := matching_domain(domain, settings.QUIRE_COMMENT_BLOCKED_DOMAINS):
            return Signal("links", Action.SPAM, f"Links to a blocked domain ({blocked}).")
    limit = settings.QUIRE_COMMENT_MAX_LINKS
    if len(urls) > limit:
        return Signal("links", Action.HOLD, f"{len(urls)} links (more than {limit}).")
    for domain in domains:
        if hidden := matching_domain(domain, settings.QUIRE_COMMENT_HOLD_DOMAINS):
            return Signal("links", Action.HOLD, f"A shortened link ({hidden}) hides its target.")
    return None
