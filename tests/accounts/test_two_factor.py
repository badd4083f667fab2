"""Two-factor authentication (allauth.mfa) and the setting that requires it of editors."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.urls import reverse

from quire.editorial.models import EditorialSettings
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def require_mfa(on: bool = True) -> None:
    settings = EditorialSettings.load()
    settings.require_mfa_for_staff = on
    settings.save()


def test_editors_may_use_the_editor_without_2fa_by_default(client, editor):
    client.force_login(editor)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_the_setting_sends_editors_without_2fa_to_set_it_up(client, editor):
    require_mfa()
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"))
    # the set-up page stays reachable (allauth first asks for the password again)
    assert page.status_code == 200 or page["Location"].startswith(reverse("account_reauthenticate"))
    TOTP.activate(editor, generate_totp_secret())
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_the_setting_leaves_authors_alone(client):
    require_mfa()
    writer = UserFactory()
    writer.groups.add(Group.objects.get(name="Authors"))
    client.force_login(writer)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_signing_in_with_2fa_asks_for_a_code(client, editor):
    editor.set_password("a long and unusual passphrase")
    editor.save()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=editor, email=editor.email, defaults={"verified": True, "primary": True}
    )
    TOTP.activate(editor, generate_totp_secret())
    assert Authenticator.objects.filter(user=editor).exists()
    response = client.post(
        reverse("account_login"),
        {"login": editor.email, "password": "a long and unusual passphrase"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("wagtailadmin_home")).status_code == 302  # not signed in yet
