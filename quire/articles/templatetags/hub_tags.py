"""``{% hub_section section %}``: one of the sections features add to a hub's page."""

from django import template
from django.utils.safestring import mark_safe

from quire.pagecache.fragments import render_fragment

register = template.Library()


class _Section:
    """A section's template with its context, rendered into the page's context."""

    def __init__(self, template, values):
        self.template, self.values = template, values

    def render(self, context) -> str:
        with context.push(self.values):
            return self.template.render(context)


@register.simple_tag(takes_context=True)
def hub_section(context, section) -> str:
    rendered = _Section(context.template.engine.get_template(section.template), section.context)
    if section.fragment is not None:
        return mark_safe(render_fragment(section.fragment, context, rendered))  # noqa: S308
    return mark_safe(rendered.render(context))  # noqa: S308 - rendered by the template engine
