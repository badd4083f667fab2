from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page

from quire.articles.models import ArticlePage, ChannelPage
from quire.authors.models import AuthorProfile
from quire.comments.models import Comment


def run_demo(*args) -> str:
    out = StringIO()
    call_command("quire_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_small_demo_builds_a_valid_tree_over_all_channels(client):
    output = run_demo("--authors", "3", "--articles", "44", "--seed", "7")
    assert "Created 3 authors" in output and "44 hubs" in output
    assert "hubs: 44/44" in output  # progress is shown
    assert "Demo admin: sign in with “admin@example.org”, password “quire-demo-admin”" in output

    assert Page.find_problems() == ([], [], [], [], [])
    fixtree = StringIO()
    call_command("fixtree", stdout=fixtree)
    assert "No problems found" in fixtree.getvalue()

    assert ArticlePage.objects.live().count() == 44
    for channel in ChannelPage.objects.all():
        assert channel.numchild == ArticlePage.objects.child_of(channel).count()
        assert channel.numchild >= 1, channel.title  # every channel has hubs
    assert AuthorProfile.objects.filter(user__username__startswith="demo-author-").count() == 3

    hub = ArticlePage.objects.live().first()
    types = {block.block_type for block in hub.body}
    assert {"text", "image", "list", "chart", "footnote", "quote"} <= types
    response = client.get(hub.url)
    assert response.status_code == 200
    assert hub.title in response.content.decode()
    assert client.get(hub.owner.author_profile.get_absolute_url()).status_code == 200
    # travel hubs carry consent-gated maps
    maps = [
        h
        for h in ArticlePage.objects.filter(url_path__contains="/travel/")
        if any(b.block_type == "map" for b in h.body)
    ]
    assert maps
    assert "data-consent-embed" in client.get(maps[0].url).content.decode()
    # readers' comments, with authors' replies, all from demo people
    assert "comments" in output
    replies = Comment.objects.filter(parent__isnull=False).select_related("hub", "parent")
    assert replies.exists()
    assert all(r.user_id == r.hub.owner_id and r.parent.hub_id == r.hub_id for r in replies)
    # demo people sign in with their (already confirmed) email address
    response = client.post(
        "/accounts/login/",
        {"login": "demo-author-1@example.org", "password": "quire-demo-author"},
    )
    assert response.status_code == 302 and response.url == "/"
    # a hub added the normal way after the bulk insert lands in the right place
    food = ChannelPage.objects.get(slug="food")
    new = food.add_child(
        instance=ArticlePage(title="After the demo", summary="s", body=[], owner=hub.owner)
    )
    assert new.path.startswith(food.path) and Page.find_problems() == ([], [], [], [], [])


@pytest.mark.django_db
def test_demo_is_deterministic_for_a_seed():
    run_demo("--authors", "2", "--articles", "10", "--seed", "3")
    first = list(ArticlePage.objects.order_by("path").values_list("title", "summary"))
    ArticlePage.objects.all().delete()
    for channel in ChannelPage.objects.all():
        channel.numchild = 0
        channel.save(update_fields=["numchild"])
    run_demo("--authors", "2", "--articles", "10", "--seed", "3")
    second = list(ArticlePage.objects.order_by("path").values_list("title", "summary"))
    assert first == second


@pytest.mark.django_db
def test_if_empty_keeps_existing_content():
    run_demo("--authors", "1", "--articles", "3")
    output = run_demo("--if-empty")
    assert "already exists" in output
    assert ArticlePage.objects.count() == 3


@pytest.mark.django_db
def test_demo_refuses_hubs_without_authors():
    with pytest.raises(CommandError, match="at least one author"):
        run_demo("--authors", "0", "--articles", "5")
