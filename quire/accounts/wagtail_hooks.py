"""Settings → Sign-in providers: where an operator adds Google or Facebook keys."""

from allauth.socialaccount.models import SocialApp
from django import forms
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

# The providers Quire supports: each is a service in the consent registry too
# (quire/consent/social.py; tests/consent check the two lists agree).
PROVIDER_CHOICES = [("google", "Google"), ("facebook", "Facebook")]


class SocialAppForm(forms.ModelForm):
    provider = forms.ChoiceField(choices=PROVIDER_CHOICES)

    class Meta:
        model = SocialApp
        fields = ["provider", "name", "client_id", "secret"]
        labels = {"client_id": "Client ID (App ID)", "secret": "Client secret (App secret)"}
        help_texts = {
            "name": "Shown on the sign-in button, e.g. “Google”.",
            "client_id": "From the provider's developer console. See docs/configuration.md "
            "for the callback address to register there.",
        }
        widgets = {"secret": forms.PasswordInput(render_value=True)}

    def clean_provider(self) -> str:
        provider = self.cleaned_data["provider"]
        others = SocialApp.objects.filter(provider=provider).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("This provider already has keys; edit those instead.")
        return provider

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("secret"):
            self.add_error("secret", "The provider gives a secret with the client ID.")
        return cleaned


class SocialAppViewSet(ModelViewSet):
    model = SocialApp
    form_class = SocialAppForm
    icon = "key"
    menu_label = "Sign-in providers"
    name = "sign_in_providers"
    add_to_settings_menu = True
    menu_order = 850
    list_display = ["name", "provider", "client_id"]

    def get_form_class(self, for_update=False):
        return SocialAppForm


@hooks.register("register_admin_viewset")
def register_social_app_viewset():
    return SocialAppViewSet()
