from django import forms

from quire.authors.models import AuthorProfile
from quire.authors.selectors import unique_author_slug
from quire.comments.models import CommentPreferences


class SignupDetailsForm(forms.Form):
    """What allauth's sign-up form asks besides email and password: the public name."""

    display_name = forms.CharField(
        label="Your name",
        max_length=80,
        help_text="Shown with your comments and hubs. You can change it later.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError("Enter the name readers will see.")
        return name

    def signup(self, request, user) -> None:
        profile = user.author_profile
        profile.display_name = self.cleaned_data["display_name"]
        profile.slug = unique_author_slug(profile.display_name, exclude_pk=profile.pk)
        profile.save(update_fields=["display_name", "slug"])


class ProfileSettingsForm(forms.ModelForm):
    remove_avatar = forms.BooleanField(
        label="Remove my picture (show my initials instead)", required=False
    )

    class Meta:
        model = AuthorProfile
        fields = ["display_name", "bio", "location", "about", "avatar"]
        labels = {"display_name": "Your name", "avatar": "Picture"}
        widgets = {
            "about": forms.Textarea(attrs={"rows": 5}),
            "avatar": forms.FileInput(attrs={"accept": "image/*"}),
        }

    def save(self, commit: bool = True):
        profile = super().save(commit=False)
        if self.cleaned_data.get("remove_avatar") and not self.files.get(self.add_prefix("avatar")):
            profile.avatar.delete(save=False)
            profile.avatar = ""
        if commit:
            profile.save()
        return profile

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError("Enter the name readers will see.")
        return name


class CommentPreferencesForm(forms.ModelForm):
    class Meta:
        model = CommentPreferences
        fields = ["hold_for_approval", "email_on_comment", "email_on_reply"]
