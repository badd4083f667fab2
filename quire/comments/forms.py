from functools import cached_property

from django import forms
from django.conf import settings
from django.utils import timezone

from .models import CommentFlag
from .spam import honeypot, timing
from .text import measure


class CommentTextField(forms.CharField):
    """The comment box. No ``maxlength``: browsers count UTF-16 units, not characters;
    the live counter and the server count characters as the reader sees them.

    The text is taken as typed: ``services.validate_text`` enforces its rules, once, in
    the service that stores it (a ``CommentError`` about it lands on this field)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Your comment")
        kwargs.setdefault(
            "widget",
            forms.Textarea(attrs={"rows": 5, "data-comment-text": "", "spellcheck": "true"}),
        )
        super().__init__(required=False, strip=False, **kwargs)


class CommentTextMixin:
    @cached_property
    def used_chars(self) -> int | str:
        """The counter's number for the text in the box; text too large to be within the
        limit is not counted (as the live counter does)."""
        limit = settings.QUIRE_COMMENT_MAX_CHARS
        count = measure(self["text"].value() or "", limit)
        return f"more than {limit}" if count is None else count


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
