"""No NUL reaches a lookup (PostgreSQL refuses NUL in text; the fuzz walk found it in the
search's channel and in editor URLs): dropped from the query string, refused in the path."""

import pytest
from modelsearch.index import insert_or_update_object

from tests.factories import make_hub


@pytest.mark.django_db
def test_a_nul_in_the_query_is_dropped_and_the_rest_kept(client, channel, author):
    insert_or_update_object(make_hub(channel, author, title="Rye at dawn"))
    response = client.get("/search/?q=r%00ye&channel=fo%00od")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rye at dawn" in page
    assert "\x00" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/food/?page=1%00", "/?a%00b=1", "/admin/comments/?p=%00"])
def test_pages_with_a_nul_in_the_query_answer_normally(admin_client, path):
    assert admin_client.get(path).status_code == 200


@pytest.mark.django_db
def test_a_nul_in_the_path_is_refused(admin_client):
    response = admin_client.get("/admin/workflows/tasks/add/wagtail\x00core/task/")
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    assert response["X-Content-Type-Options"] == "nosniff"
