from django import template

from quire.consent.models import Category
from quire.consent.selectors import registry

register = template.Library()


@register.simple_tag
def consent_service(key: str):
    """The enabled service with this key, or None."""
    return registry().get(key)


@register.inclusion_tag("consent/includes/banner.html", takes_context=True)
def consent_banner(context):
    reg = registry()
    return {
        "site_name": context.get("site_name"),
        "categories": [c for c in reg.by_category() if c[2]],
        "optional": reg.optional,
        "registry_data": {
            "version": reg.version,
            "months": reg.consent_months,
            "services": {s.key: {"category": s.category, "name": s.name} for s in reg.services},
        },
        "necessary": Category.NECESSARY,
    }
