"""``{% fragment spec %}…{% endfragment %}``: a part of a page rendered once per process and
kept until one of its tags is bumped (quire/pagecache).

``{% fragment "name" vary… %}`` keeps a part of the layout (the channel bar, the footer)
under the layout tag alone, one copy per value of its ``vary`` arguments.

Otherwise ``spec`` is a :class:`~quire.pagecache.fragments.FragmentSpec` (or None: rendered every
time). On a miss its ``provide()`` is called and what it returns is added to the context,
so the queries a part needs run only when the part is rendered."""

from django import template

from quire.pagecache.fragments import FragmentSpec, render_fragment

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, spec, name=None, vary=()):
        self.nodelist = nodelist
        self.spec = spec
        self.name = name
        self.vary = vary

    def render(self, context):
        if self.name is not None:
            # A part of the layout: what every page shows, the same for everyone.
            parts = [self.name, *(str(v.resolve(context)) for v in self.vary)]
            spec = FragmentSpec(":".join(parts))
        else:
            spec = self.spec.resolve(context)
        return render_fragment(spec, context, self.nodelist)


@register.tag("fragment")
def do_fragment(parser, token):
    """``{% fragment spec %}`` or ``{% fragment "layout part" vary… %}``."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a FragmentSpec or a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    first = bits[1]
    if first[0] == first[-1] and first[0] in "\"'":
        vary = [parser.compile_filter(b) for b in bits[2:]]
        return FragmentNode(nodelist, None, name=f"layout-part:{first[1:-1]}", vary=vary)
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% fragment spec %} takes one argument")
    return FragmentNode(nodelist, parser.compile_filter(first))
