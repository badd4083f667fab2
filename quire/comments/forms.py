from django import forms
from django.utils import timezone

from .models import CommentFlag
from .services import CommentError, validate_text
from .spam import honeypot, timing
from .text import char_count, clean


class CommentTextField(forms.CharField):
    """The comment box. No ``maxlength``: browsers count UTF-16 units, not characters;
    the live counter and the server count characters as the reader sees them."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Your comment")
        kwargs.setdefault(
            "widget",
            forms.Textarea(attrs={"rows": 5, "data-comment-text": "", "spellcheck": "true"}),
        )
        super().__init__(required=False, strip=False, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        try:
            return validate_text(value)
        except CommentError as error:
            raise forms.ValidationError(error.message) from None


class CommentTextMixin:
    def used_chars(self) -> int:
        raw = self["text"].value() or ""
        return char_count(clean(raw))


class CommentForm(CommentTextMixin, forms.Form):
    text = CommentTextField()
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    rendered = forms.CharField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden from people by CSS and from assistive technology by aria-hidden.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, guest: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["rendered"] = timing.form_token(timezone.now())
        if guest:
            self.fields["guest_name"] = forms.CharField(
                label="Your name", max_length=80, widget=forms.TextInput({"autocomplete": "name"})
            )
            self.fields["guest_email"] = forms.EmailField(
                label="Your email (never shown)", widget=forms.EmailInput({"autocomplete": "email"})
            )

    @property
    def honeypot_field(self):
        return self[honeypot.FIELD_NAME]


class CommentEditForm(CommentTextMixin, forms.Form):
    text = CommentTextField()


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        choices=CommentFlag.Reason.choices, widget=forms.RadioSelect, label="What is wrong?"
    )
