"""Plain-text emails from a template whose first line is the subject."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


def send_templated_mail(template: str, to: str, context: dict) -> bool:
    if not to:
        return False
    context = {"site_name": settings.QUIRE_SITE_NAME, **context}
    subject, _, body = render_to_string(template, context).strip().partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", None, [to])
    return True
