"""Sign-in with Google or Facebook: configured in the admin, tied to the consent
registry, and never loading anything of the provider's until the visitor chooses it."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.core import context
from allauth.socialaccount.helpers import complete_social_login
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.contrib.auth import get_user_model
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import Client, RequestFactory

from quire.consent.models import Service
from quire.consent.selectors import registry

pytestmark = pytest.mark.django_db


def add_keys(provider: str, name: str) -> SocialApp:
    return SocialApp.objects.create(
        provider=provider, name=name, client_id=f"{provider}-client-id", secret="s3cret"
    )


def script_sources(html: str) -> list[str]:
    return re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", html)


def test_no_provider_buttons_until_an_operator_adds_keys():
    html = Client().get("/accounts/login/").content.decode()
    assert "Continue with" not in html
    assert registry().get("google-sign-in") is None
    assert Client().get("/accounts/google/login/").status_code == 404


def test_adding_keys_enables_the_service_and_shows_a_plain_link():
    add_keys("google", "Google")
    assert Service.objects.get(key="google-sign-in").enabled
    entry = registry().get("google-sign-in")
    assert entry.category == "features" and entry.privacy_policy_url
    for path in ("/accounts/login/", "/accounts/signup/"):
        html = Client().get(path).content.decode()
        assert 'href="/accounts/google/login/?process=login"' in html
        assert "Continue with Google" in html and "Facebook" not in html
        # Nothing of the provider's is loaded: every script is the site's own.
        assert all(src.startswith("/static/") for src in script_sources(html))
        assert not re.search(r'\bsrc="https?://', html)
        # The consent banner lists the provider among the site's Features services.
        assert "Sign in with Google" in html


def test_removing_keys_or_switching_the_service_off_hides_the_provider():
    app = add_keys("facebook", "Facebook")
    assert "Continue with Facebook" in Client().get("/accounts/login/").content.decode()
    service = Service.objects.get(key="facebook-sign-in")
    service.enabled = False
    service.save()
    assert "Continue with Facebook" not in Client().get("/accounts/login/").content.decode()
    assert Client().get("/accounts/facebook/login/").status_code == 404
    app.delete()
    assert not Service.objects.get(key="facebook-sign-in").enabled


def test_the_page_before_the_provider_explains_and_only_a_post_leaves():
    add_keys("google", "Google")
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/google/login/?process=login")
    html = page.content.decode()
    assert page.status_code == 200
    assert "https://policies.google.com/privacy" in html and "Continue to Google" in html
    assert all(src.startswith("/static/") for src in script_sources(html))
    # This page's form may lead to the provider, and nowhere else outside the site.
    policy = page["Content-Security-Policy"]
    assert re.search(r"form-action 'self' https://accounts\.google\.com(;|$)", policy)
    # Every other page: the site alone (directives come in any order).
    other = Client().get("/accounts/login/")["Content-Security-Policy"]
    assert re.search(r"form-action 'self'(;|$)", other)
    # A cross-site POST (no CSRF token) does not start a sign-in.
    assert client.post("/accounts/google/login/").status_code == 403
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post("/accounts/google/login/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.netloc == "accounts.google.com"
    query = parse_qs(target.query)
    assert query["client_id"] == ["google-client-id"]
    assert query["redirect_uri"] == ["http://testserver/accounts/google/login/callback/"]
    assert query["state"][0]


def test_facebook_uses_the_redirect_flow_not_its_script():
    add_keys("facebook", "Facebook")
    client = Client()
    page = client.get("/accounts/facebook/login/?process=login")
    assert "connect.facebook.net" not in page.content.decode()
    assert "https://m.facebook.com" in page["Content-Security-Policy"]
    response = client.post("/accounts/facebook/login/")
    assert urlsplit(response["Location"]).netloc == "www.facebook.com"


def _callback_request():
    request = RequestFactory().get("/accounts/google/login/callback/")
    SessionMiddleware(lambda r: None).process_request(request)
    MessageMiddleware(lambda r: None).process_request(request)
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    return request


def test_a_verified_google_account_becomes_a_reader_named_after_it():
    app = add_keys("google", "Google")
    request = _callback_request()
    with context.request_context(request):
        provider = app.get_provider(request)
        login = provider.sociallogin_from_response(
            request,
            {
                "sub": "108734",
                "email": "ines.duarte@example.org",
                "email_verified": True,
                "given_name": "Inês",
                "family_name": "Duarte",
                "name": "Inês Duarte",
            },
        )
        response = complete_social_login(request, login)
    assert response.status_code == 302
    user = get_user_model().objects.get(email="ines.duarte@example.org")
    assert SocialAccount.objects.get(user=user).provider == "google"
    assert user.author_profile.display_name == "Inês Duarte"
    assert EmailAddress.objects.get(user=user).verified
    assert not user.groups.exists() and not user.is_staff


def test_an_operator_adds_keys_in_the_admin_and_an_editor_cannot():
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    operator = UserFactory(is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(operator)
    form = client.get("/admin/sign_in_providers/new/")
    assert form.status_code == 200 and 'type="password"' in form.content.decode()
    data = {"provider": "google", "name": "Google", "client_id": "abc", "secret": "xyz"}
    assert client.post("/admin/sign_in_providers/new/", data).status_code == 302
    assert Service.objects.get(key="google-sign-in").enabled
    again = client.post("/admin/sign_in_providers/new/", data)
    assert "already has keys" in again.content.decode()
    no_secret = client.post(
        "/admin/sign_in_providers/new/", {**data, "provider": "facebook", "secret": ""}
    )
    assert "gives a secret" in no_secret.content.decode()
    assert SocialApp.objects.count() == 1

    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get("/admin/sign_in_providers/").status_code in (302, 403)
    assert client.post(
        "/admin/sign_in_providers/new/", {**data, "provider": "facebook"}
    ).status_code in (302, 403)
    assert SocialApp.objects.count() == 1
