from django import forms

from .models import EarningsSettings


class JoinForm(forms.Form):
    paypal_email = forms.EmailField(
        label="PayPal email address",
        help_text="Your share is paid to this PayPal account.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    accept_terms = forms.BooleanField(
        label="I accept the earnings program's terms.",
        error_messages={"required": "Accept the terms to join."},
    )

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tax_names = EarningsSettings.load().tax_field_names()
        for n, name in enumerate(self.tax_names):
            self.fields[f"tax_{n}"] = forms.CharField(
                label=name,
                max_length=200,
                initial=(membership.tax_details.get(name, "") if membership else ""),
            )
        if membership is not None:
            self.fields["paypal_email"].initial = membership.paypal_email
        # Terms last, after everything they cover.
        taxes = [f"tax_{n}" for n in range(len(self.tax_names))]
        self.order_fields(["paypal_email", *taxes, "accept_terms"])

    def tax_details(self) -> dict:
        return {name: self.cleaned_data[f"tax_{n}"] for n, name in enumerate(self.tax_names)}
