import json

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# The same escapes Django's json_script uses: nothing in the data can close the <script>.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def ld_json(value) -> str:
    """A JSON-LD block: valid JSON, safe inside <script type="application/ld+json">."""
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{data}</script>')  # noqa: S308
