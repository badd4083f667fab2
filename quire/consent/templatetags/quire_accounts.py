"""The sign-in page's outside providers (the accounts' templates load this library)."""

from django import template

from quire.core.middleware import form_action_allow

from ..social import provider_service

register = template.Library()


@register.simple_tag(takes_context=True)
def sign_in_service(context, provider_id: str):
    """The registry entry of an outside sign-in provider, and permission for this page's
    form to lead there: the Content-Security-Policy's form-action gains the provider's
    hosts on this response only (read by quire.core.middleware)."""
    service = provider_service(provider_id)
    request = context.get("request")
    if service is not None and request is not None:
        form_action_allow(request, [f"https://{host}" for host in service.hosts])
    return service
