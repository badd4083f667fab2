import pytest

from quire.articles.models import ChannelPage
from tests.factories import UserFactory, make_hub

EXPECTED = [
    "Arts",
    "Autos",
    "Books",
    "Business",
    "Education",
    "Entertainment",
    "Family",
    "Fashion",
    "Food",
    "Games",
    "Gender",
    "Health",
    "Holidays",
    "Home",
    "Quire",
    "Personal Finance",
    "Pets",
    "Politics",
    "Religion",
    "Sports",
    "Technology",
    "Travel",
]


def bar_titles(html: str) -> list[str]:
    import re

    bar = html.split('<nav class="channel-bar"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="[^"]+"(?: aria-current="page")?>([^<]+)</a>', bar)


@pytest.mark.django_db
def test_setup_creates_the_22_channels_in_reference_order():
    titles = list(ChannelPage.objects.order_by("path").values_list("title", flat=True))
    assert titles == EXPECTED
    assert ChannelPage.objects.get(is_site_channel=True).title == "Quire"


@pytest.mark.django_db
def test_channel_bar_on_every_reader_page(client, channel):
    author = UserFactory()
    hub = make_hub(channel, author, title="Bread")
    profile = author.author_profile
    for url in ["/", channel.url, hub.url, profile.get_absolute_url(), "/no-such-page/"]:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert bar_titles(response.content.decode()) == EXPECTED, url


@pytest.mark.django_db
def test_current_channel_is_marked(client, channel):
    hub = make_hub(channel, UserFactory(), title="Soup")
    for url in [channel.url, hub.url]:
        html = client.get(url).content.decode()
        assert f'<a href="{channel.url}" aria-current="page">Food</a>' in html
        assert html.count('aria-current="page"') == 1
    assert 'aria-current="page"' not in client.get("/").content.decode()


@pytest.mark.django_db
def test_unpublished_channel_leaves_the_bar(client):
    assert "Arts" in bar_titles(client.get("/").content.decode())  # now cached
    arts = ChannelPage.objects.get(slug="arts")
    arts.unpublish()
    assert "Arts" not in bar_titles(client.get("/").content.decode())


@pytest.mark.django_db
def test_renamed_channel_shows_at_once_in_the_bar(client):
    client.get("/")  # the bar is cached
    arts = ChannelPage.objects.get(slug="arts")
    arts.title = "Arts and Crafts"
    arts.save_revision().publish()
    assert bar_titles(client.get("/").content.decode())[0] == "Arts and Crafts"


@pytest.mark.django_db
def test_channel_lists_published_hubs_newest_first_with_card_parts(client, channel):
    author = UserFactory(first_name="Marta", last_name="Lindqvist")
    older = make_hub(channel, author, title="Older bread", summary="About old bread.")
    newer = make_hub(channel, author, title="Newer bread", summary="About new bread.")
    make_hub(channel, author, title="Secret draft", publish=False)
    type(older).objects.filter(pk=older.pk).update(
        first_published_at=newer.first_published_at.replace(year=2020)
    )
    html = client.get(channel.url).content.decode()
    assert html.index("Newer bread") < html.index("Older bread")
    assert "Secret draft" not in html
    assert "About new bread." in html
    assert "Marta Lindqvist" in html
    assert "2020" in html


@pytest.mark.django_db
def test_channel_paginates_twenty_a_page(client, channel):
    author = UserFactory()
    for i in range(21):
        make_hub(channel, author, title=f"Hub number {i:02d}")
    first = client.get(channel.url).content.decode()
    second = client.get(channel.url + "?page=2").content.decode()
    assert first.count('class="hub-card"') == 20
    assert second.count('class="hub-card"') == 1
    assert "Hub number 00" in second  # the oldest is on the last page
    assert 'rel="next"' in first and 'rel="prev"' in second
    # junk page numbers fall back instead of failing
    assert client.get(channel.url + "?page=abc").status_code == 200
    assert client.get(channel.url + "?page=999").status_code == 200


@pytest.mark.django_db
def test_empty_channel_says_so(client):
    html = client.get(ChannelPage.objects.get(slug="pets").url).content.decode()
    assert "No hubs in Pets yet." in html


@pytest.mark.django_db
def test_home_shows_latest_and_three_newest_per_channel(client, channel):
    author = UserFactory()
    travel = ChannelPage.objects.get(slug="travel")
    make_hub(channel, author, title="Food one", featured=True)
    make_hub(channel, author, title="Food, not featured")
    for i in range(5):
        make_hub(travel, author, title=f"Travel {i}", featured=True)
    html = client.get("/").content.decode()
    latest = html.split('id="latest-heading"', 1)[1].split("</section>", 1)[0]
    assert latest.count('class="hub-card"') == 6
    assert latest.index("Travel 4") < latest.index("Food one")
    assert "Food, not featured" not in html  # only featured hubs are listed on the home page
    travel_section = next(s for s in html.split('class="home-channel"') if ">Travel</a></h2>" in s)
    travel_section = travel_section.split("</section>", 1)[0]
    assert travel_section.count("<li>") == 3
    assert "Travel 4" in travel_section and "Travel 1" not in travel_section
    assert ">Pets</a></h2>" not in html  # empty channels get no section
