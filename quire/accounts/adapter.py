"""Quire's rules for allauth: which email addresses may sign up."""

from allauth.account.adapter import DefaultAccountAdapter
from django import forms


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        from quire.editorial.models import EditorialSettings, in_domains

        refused = EditorialSettings.load().disposable_domain_set()
        if in_domains(email.rsplit("@", 1)[-1], refused):
            raise forms.ValidationError(
                "Addresses at this domain are temporary and cannot be used here: "
                "sign up with an address you will keep."
            )
        return email
