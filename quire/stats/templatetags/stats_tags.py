from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def stats_beacon(context, target_type: str, object_id: int, owner_id: int | None = None):
    """The counting beacon for this page: a first-party script (no cookie, no third party)
    and an image for browsers without scripts. An author reading their own page is not
    counted, so their page gets no beacon at all."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if owner_id and user is not None and user.is_authenticated and user.pk == owner_id:
        return ""
    target = f"{'a' if target_type == 'profile' else 'p'}{int(object_id)}"
    return format_html(
        '<script src="{}" data-target="{}" defer></script>'
        '<noscript><img class="stats-pixel" src="/stats/hit?t={}" alt="" width="1" height="1">'
        "</noscript>",
        static("stats/beacon.js"),
        target,
        target,
    )


@register.filter
def duration(seconds) -> str:
    """Seconds as "4 min 44 s" (or "38 s")."""
    seconds = int(seconds or 0)
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"
