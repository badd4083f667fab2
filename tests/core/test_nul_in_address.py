"""A NUL in the address is a 400 before any lookup (PostgreSQL refuses NUL in text; the
fuzz walk found it in the search's channel and in editor URLs)."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/search/?q=bread&channel=fo%00od", "/food/?page=1%00", "/?a%00b=1", "/admin/comments/?p=%00"],
)
def test_a_nul_in_the_query_is_refused(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_a_nul_in_the_path_is_refused(admin_client):
    response = admin_client.get("/admin/workflows/tasks/add/wagtail\x00core/task/")
    assert response.status_code == 400


@pytest.mark.django_db
def test_addresses_without_one_are_answered_as_before(client):
    assert client.get("/search/?q=bread&channel=food").status_code == 200
