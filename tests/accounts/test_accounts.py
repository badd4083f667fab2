import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from quire.comments.models import CommentPreferences

pytestmark = pytest.mark.django_db


def test_sign_up_asks_for_a_name_and_confirms_the_email(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new.reader@example.org",
            "password1": "a long and unusual passphrase",
            "password2": "a long and unusual passphrase",
            "display_name": "  Nadia   Farouk ",
        },
    )
    assert response.status_code == 302
    address = EmailAddress.objects.get(email="new.reader@example.org")
    assert address.verified is False
    profile = address.user.author_profile
    assert profile.display_name == "Nadia Farouk" and profile.slug == "nadia-farouk"
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group()
    confirm = client.post(link.split("testserver", 1)[-1])
    assert confirm.status_code == 302
    address.refresh_from_db()
    assert address.verified is True


def test_sign_in_page_uses_the_site_layout():
    html = Client().get("/accounts/login/").content.decode()
    assert 'class="channel-bar"' in html and 'name="login"' in html


def test_settings_change_the_profile_and_comment_preferences(reader):
    client = Client()
    client.force_login(reader)
    assert client.get("/accounts/settings/").status_code == 200
    response = client.post(
        "/accounts/settings/",
        {
            "profile-display_name": "Ravi M.",
            "profile-bio": "Bakes on Sundays",
            "profile-location": "Mumbai, India",
            "profile-about": "",
            "prefs-hold_for_approval": "on",
            "prefs-email_on_reply": "on",
        },
    )
    assert response.status_code == 302
    reader.author_profile.refresh_from_db()
    assert reader.author_profile.display_name == "Ravi M."
    assert reader.author_profile.location == "Mumbai, India"
    prefs = CommentPreferences.objects.get(user=reader)
    assert prefs.hold_for_approval and not prefs.email_on_comment and prefs.email_on_reply


def test_settings_refuse_an_empty_name_and_keep_the_rest(reader):
    client = Client()
    client.force_login(reader)
    response = client.post(
        "/accounts/settings/",
        {"profile-display_name": "   ", "profile-location": "Goa, India"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter the name readers will see." in html or "This field is required." in html
    assert 'value="Goa, India"' in html


def test_settings_need_a_sign_in():
    response = Client().get("/accounts/settings/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def _sign_up(client, email: str, password: str = "a long and unusual passphrase"):  # noqa: S107
    return client.post(
        "/accounts/signup/",
        {"email": email, "password1": password, "password2": password, "display_name": "Someone"},
    )


def test_sign_up_with_a_weak_password_says_why(client):
    html = _sign_up(client, "weak@example.org", password="password").content.decode()
    assert "This password is too common." in html
    assert 'value="weak@example.org"' in html  # what was typed is kept


def test_sign_up_with_a_disposable_address_is_refused(client):
    from quire.editorial.models import EditorialSettings

    html = _sign_up(client, "someone@mail.yopmail.com").content.decode()
    assert "Addresses at this domain are temporary" in html
    settings = EditorialSettings.load()
    settings.disposable_email_domains = ""
    settings.save()
    assert _sign_up(client, "someone@mail.yopmail.com").status_code == 302


def test_the_settings_page_title_is_plain_text(reader):
    import re

    client = Client()
    client.force_login(reader)
    html = client.get("/accounts/settings/").content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "<" not in title and title.startswith("Your settings")
    assert html.count("Download your data") == 1
