from django import forms
from django.template.defaultfilters import filesizeformat

from quire.accounts import deletion
from quire.accounts.models import NotificationPreferences
from quire.authors.models import AuthorProfile, avatar_check
from quire.authors.selectors import unique_author_slug
from quire.comments.models import CommentPreferences
from quire.core.images import BoundedImageField, max_bytes


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


class AvatarField(BoundedImageField):
    """Refuses, from its header, a picture too large to become an avatar."""

    check = staticmethod(avatar_check)


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
        field_classes = {"avatar": AvatarField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        avatar = self.fields["avatar"]
        avatar.help_text += (
            f" A JPEG, PNG, WebP or GIF picture of at most {filesizeformat(max_bytes())}."
        )

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


class DeleteAccountForm(forms.Form):
    """What happens to the person's hubs and comments, confirmed with their password."""

    hubs = forms.ChoiceField(
        label="Your hubs",
        widget=forms.RadioSelect,
        choices=[
            (deletion.HUBS_KEEP, "Keep them on the site, signed “Former author”"),
            (deletion.HUBS_DELETE, "Delete them, with their comments and pictures"),
        ],
        error_messages={"required": "Choose what happens to your hubs."},
    )
    comments = forms.ChoiceField(
        label="Your comments",
        widget=forms.RadioSelect,
        choices=[
            (deletion.COMMENTS_KEEP, "Keep them, signed “Deleted user”"),
            (deletion.COMMENTS_REMOVE, "Remove them"),
        ],
        initial=deletion.COMMENTS_KEEP,
        error_messages={"required": "Choose what happens to your comments."},
    )
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label="I understand that my account is deleted for good and cannot be restored.",
        error_messages={"required": "Tick the box to confirm."},
    )

    def __init__(self, *args, user, has_hubs: bool, check_password=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.check_password = check_password
        if not has_hubs:
            self.fields["hubs"].required = False
            self.fields["hubs"].widget = forms.HiddenInput()
        if not user.has_usable_password():
            # Accounts without a password re-authenticate with their provider instead.
            del self.fields["password"]

    def clean_hubs(self) -> str:
        return self.cleaned_data.get("hubs") or deletion.HUBS_DELETE

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if self.check_password is not None and not self.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


class ReviewEmailsForm(forms.Form):
    """Emails about editorial review: Wagtail's own workflow emails (its user profile keeps
    those choices) and Quire's "your hub is featured"."""

    approved_notifications = forms.BooleanField(
        label="Email me when an editor approves and publishes my hub", required=False
    )
    rejected_notifications = forms.BooleanField(
        label="Email me when an editor asks for changes to my hub", required=False
    )
    email_on_featured = forms.BooleanField(
        label="Email me when an editor features one of my hubs", required=False
    )
    submitted_notifications = forms.BooleanField(
        label="Email me when a hub is submitted for review", required=False
    )
    email_on_follower = forms.BooleanField(label="Email me when someone follows me", required=False)

    def __init__(self, *args, user, editor: bool, **kwargs):
        from wagtail.users.models import UserProfile

        self.profile = UserProfile.get_for_user(user)
        self.prefs, _ = NotificationPreferences.objects.get_or_create(user=user)
        initial = {
            "approved_notifications": self.profile.approved_notifications,
            "rejected_notifications": self.profile.rejected_notifications,
            "submitted_notifications": self.profile.submitted_notifications,
            "email_on_featured": self.prefs.email_on_featured,
            "email_on_follower": self.prefs.email_on_follower,
        }
        super().__init__(*args, initial=initial, **kwargs)
        if not editor:
            del self.fields["submitted_notifications"]

    def save(self) -> None:
        data = self.cleaned_data
        for name in ("approved_notifications", "rejected_notifications", "submitted_notifications"):
            if name in self.fields:
                setattr(self.profile, name, data[name])
        self.profile.save()
        self.prefs.email_on_featured = data["email_on_featured"]
        self.prefs.email_on_follower = data["email_on_follower"]
        self.prefs.save()
