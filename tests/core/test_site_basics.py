import pytest
from django.test import override_settings

from quire.articles import models


@pytest.mark.django_db
def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "User-agent: *" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


@pytest.mark.django_db
def test_404_page_is_in_the_sites_style(client):
    response = client.get("/there-is-nothing-here/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We couldn’t find that page" in html
    assert 'class="channel-bar"' in html and "quire.css" in html


@pytest.mark.django_db
def test_500_page_is_in_the_sites_style_and_needs_no_database(client, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(models.HomePage, "get_context", explode)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html and "quire.css" in html


@pytest.mark.django_db
def test_reader_pages_send_a_strict_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-src 'none'" in policy and "object-src 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "http" not in policy  # no third-party origin


@pytest.mark.django_db
def test_admin_policy_allows_inline_styles_but_no_other_origin(client, django_user_model):
    admin = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(admin)
    response = client.get("/admin/")
    policy = response["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "http" not in policy
    assert "gravatar" not in response.content.decode()  # no third-party avatars


@pytest.mark.django_db
@override_settings(QUIRE_SITE_NAME="Inkwell")
def test_site_name_is_a_setting(client):
    assert "<title>Inkwell" in client.get("/").content.decode()
