"""Background work on a person's own account: building their data export and deleting
their account, each ending with an email to them."""

import logging

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from quire.core.mail import send_templated_mail

logger = logging.getLogger(__name__)


@task()
def data_export_task(export_id: int) -> str:
    from .export import data_export_build
    from .models import DataExport

    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.status != DataExport.Status.QUEUED:
        return "gone"
    link = f"{settings.WAGTAILADMIN_BASE_URL}{reverse('account_data')}"
    try:
        data_export_build(export)
    except Exception as error:
        logger.exception("Data export %s failed", export_id)
        DataExport.objects.filter(pk=export_id).update(
            status=DataExport.Status.FAILED, error=f"{type(error).__name__}: {error}"
        )
        send_templated_mail("accounts/email/export_failed.txt", export.user.email, {"link": link})
        return "failed"
    send_templated_mail(
        "accounts/email/export_ready.txt", export.user.email, {"export": export, "link": link}
    )
    return "ready"


@task()
def account_delete_task(user_id: int, hubs: str, comments: str) -> str:
    from django.contrib.auth import get_user_model

    from .deletion import account_delete

    user = get_user_model().objects.filter(pk=user_id, is_active=False).first()
    if user is None:
        return "gone"
    report = account_delete(user, hubs=hubs, comments=comments)
    send_templated_mail("accounts/email/account_deleted.txt", report.email, {"report": report})
    return "deleted"
