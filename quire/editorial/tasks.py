"""Emails about editorial decisions that are Quire's own (Wagtail sends the review ones)."""

from django.conf import settings
from django_tasks import task

from quire.accounts.models import NotificationPreferences
from quire.articles.models import ArticlePage
from quire.core.mail import send_templated_mail


@task()
def notify_hub_featured(hub_id: int) -> bool:
    """Tell an author an editor featured their hub, unless they turned that email off or
    the hub is no longer featured by the time the task runs."""

    hub = ArticlePage.objects.select_related("owner").filter(pk=hub_id).first()
    if hub is None or not hub.featured or not hub.live:
        return False
    author = hub.owner
    if author is None or not author.is_active or not author.email:
        return False
    prefs = NotificationPreferences.objects.filter(user=author).first()
    if prefs is not None and not prefs.email_on_featured:
        return False
    return send_templated_mail(
        "editorial/email/featured.txt",
        author.email,
        {
            "hub": hub,
            "link": f"{settings.WAGTAILADMIN_BASE_URL}{hub.url}",
            "settings_link": f"{settings.WAGTAILADMIN_BASE_URL}/accounts/settings/",
        },
    )
