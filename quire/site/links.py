"""What one feature's change means to another that cannot hear it itself, connected here
because only the site layer knows both: a hub featured by an editor (the editorial app)
is news to its channel's followers (the audience app, below editorial)."""

from quire.articles.models import ArticlePage
from quire.audience import services as audience
from quire.audience.models import HubNotice
from quire.editorial.signals import hub_featured_changed


def _hub_featured(sender, hub, featured, **kwargs) -> None:
    if featured:
        audience.hub_announce(hub, HubNotice.Audience.CHANNEL)


def connect() -> None:
    hub_featured_changed.connect(_hub_featured, sender=ArticlePage, weak=False)
