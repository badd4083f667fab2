"""The affiliate product capsule: a disclosed, sponsored link counted on the site's own
redirect, which only ever leads to the address in that capsule."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from quire.articles.blocks import ProductBlock
from quire.articles.markdown import hub_markdown
from quire.earnings.models import DailyClicks
from tests.factories import make_hub

pytestmark = pytest.mark.django_db
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
PRODUCT = {
    "name": "Cast-iron loaf tin",
    "image": None,
    "image_alt": "",
    "description": "Heavy, even heat, a crust that crackles.",
    "link": "https://shop.example/tin?tag=ana-20",
    "link_text": "See it at the shop",
}


@pytest.fixture
def product_hub(channel, author):
    return make_hub(channel, author, title="Tins", body=[{"type": "product", "value": PRODUCT}])


def test_the_capsule_discloses_and_counts_its_link(client, product_hub):
    block = product_hub.body[0]
    html = client.get(product_hub.url).content.decode()
    go = f"/go/{product_hub.pk}/{block.id}/"
    assert f'href="{go}" rel="sponsored nofollow noopener"' in html
    assert "Affiliate link" in html and "shop.example" not in html
    response = Client().get(go, HTTP_USER_AGENT=FIREFOX)
    assert response.status_code == 302 and response["Location"] == PRODUCT["link"]
    assert not response.cookies
    Client().get(go, HTTP_USER_AGENT=FIREFOX)
    Client().get(go, HTTP_USER_AGENT="Googlebot/2.1")  # a crawler: sent on, not counted
    row = DailyClicks.objects.get()
    assert (
        row.clicks == 2 and row.product == PRODUCT["name"] and row.author_id == product_hub.owner_id
    )


def test_the_author_following_their_own_link_is_not_counted(product_hub, author):
    client = Client()
    client.force_login(author)
    client.get(f"/go/{product_hub.pk}/{product_hub.body[0].id}/", HTTP_USER_AGENT=FIREFOX)
    assert not DailyClicks.objects.exists()


def test_no_open_redirect(client, product_hub, channel, author):
    draft = make_hub(
        channel, author, title="Draft", publish=False, body=[{"type": "product", "value": PRODUCT}]
    )
    text_hub = make_hub(channel, author, title="Text")
    for url in (
        f"/go/{product_hub.pk}/{uuid.uuid4()}/",
        f"/go/{draft.pk}/{draft.body[0].id}/",
        f"/go/{text_hub.pk}/{text_hub.body[0].id}/",
        f"/go/{product_hub.pk}/not-a-uuid/",
    ):
        assert client.get(url).status_code == 404
    assert not DailyClicks.objects.exists()


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "ftp://shop.example/x", "data:text/html,x"]
)
def test_only_web_addresses(link):
    with pytest.raises(ValidationError):
        ProductBlock().clean({**PRODUCT, "link": link})


def test_products_travel_in_the_markdown(product_hub):
    text = hub_markdown(product_hub, lambda image: "x.png")
    assert "**Cast-iron loaf tin**" in text
    assert "[See it at the shop](https://shop.example/tin?tag=ana-20)" in text


def test_the_author_sees_clicks_on_their_earnings_page(product_hub, author):
    from django.contrib.auth.models import Group

    author.groups.add(Group.objects.get(name="Authors"))
    Client().get(f"/go/{product_hub.pk}/{product_hub.body[0].id}/", HTTP_USER_AGENT=FIREFOX)
    client = Client()
    client.force_login(author)
    html = client.get("/admin/earnings/").content.decode()
    assert "Cast-iron loaf tin" in html and "Product links followed" in html
