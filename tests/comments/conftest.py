from datetime import timedelta

import pytest
from django.utils import timezone

from quire.comments.spam import timing


def form_data(text: str, **extra) -> dict:
    """What the comment form sends, as if the reader had spent a minute writing."""
    data = {
        "text": text,
        "rendered": timing.form_token(timezone.now() - timedelta(minutes=1)),
        "website": "",
    }
    data.update(extra)
    return data


@pytest.fixture
def post_comment(client):
    def post(hub, text, user=None, **extra):
        if user is not None:
            client.force_login(user)
        return client.post(f"/comments/hub/{hub.pk}/", form_data(text, **extra))

    return post
