"""Ad slots: house ads for everyone, a network's code only after consent and only in a
sandboxed frame of the site's own; hubs and channels can be ad-free; impressions arrive
through the statistics beacon."""

import json

import pytest
from django.test import Client

from quire.earnings.models import AdSlot, DailyImpressions
from quire.stats.services import stats_roll_up
from tests.factories import make_hub, make_image, text_block
from tests.stats.conftest import _empty_buffer  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
AD_CODE = '<script src="https://ads.example/show.js"></script><ins class="ad"></ins>'


@pytest.fixture
def house_slots(db):
    image = make_image("Our own books")
    for position in (AdSlot.IN_ARTICLE, AdSlot.BELOW):
        AdSlot.objects.create(
            position=position,
            after_capsule=2,
            house_image=image,
            house_alt="Three books on a shelf",
            house_link="https://example.org/shop/",
        )


@pytest.fixture
def network_slot(networks):
    from quire.consent.models import Service

    Service.objects.filter(key="adsense").update(hosts="ads.example\ncdn.ads.example", enabled=True)
    return AdSlot.objects.create(position=AdSlot.SIDEBAR, network="adsense", code=AD_CODE)


@pytest.fixture
def long_hub(channel, author):
    return make_hub(
        channel, author, title="Long", body=[text_block(f"Part {n}.") for n in range(4)]
    )


def test_house_ads_show_in_the_article_and_below(client, house_slots, long_hub):
    html = client.get(long_hub.url).content.decode()
    assert html.count('data-ad-fill="house"') == 2
    assert html.index("Part 1.") < html.index('data-ad-slot="in_article"') < html.index("Part 2.")
    assert 'data-ad-slot="below"' in html and 'rel="sponsored noopener"' in html
    assert "Advertisement" in html


@pytest.mark.parametrize("how", ["author", "editor", "channel"])
def test_ad_free_hubs_and_channels_show_none(client, house_slots, long_hub, channel, how):
    if how == "author":
        long_hub.show_ads = False
        long_hub.save_revision().publish()
    elif how == "editor":
        long_hub.ad_free = True
        long_hub.save_revision().publish()
    else:
        channel.ad_free = True
        channel.save_revision().publish()
    assert "data-ad-slot" not in client.get(long_hub.url).content.decode()


def test_a_network_slot_waits_for_consent_and_loads_nothing_itself(client, network_slot, long_hub):
    response = client.get(long_hub.url)
    html = response.content.decode()
    assert f'data-ad-frame="/ads/frame/{network_slot.pk}/"' in html
    assert 'data-service="adsense"' in html and "data-ad-fill" not in html
    # Nothing of the network's is loaded by the page (the privacy banner names its hosts).
    assert "ads.example/show.js" not in html and 'src="https://ads.example' not in html
    policy = response["Content-Security-Policy"]
    assert "frame-src 'self'" in policy and "script-src 'self'" in policy


def test_the_ad_frame_has_its_own_narrow_policy(client, network_slot):
    response = client.get(f"/ads/frame/{network_slot.pk}/")
    assert response.status_code == 200 and AD_CODE in response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "script-src 'unsafe-inline' https://ads.example https://cdn.ads.example" in policy
    assert "frame-ancestors 'self'" in policy and "default-src 'none'" in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    network_slot.enabled = False
    network_slot.save()
    assert client.get(f"/ads/frame/{network_slot.pk}/").status_code == 404
    assert client.get("/ads/frame/999999/").status_code == 404


def test_a_disabled_network_serves_no_frame(client, network_slot):
    from quire.consent.models import Service

    service = Service.objects.get(key="adsense")
    service.enabled = False
    service.save()
    assert client.get(f"/ads/frame/{network_slot.pk}/").status_code == 404


def impression(hub, slot: str, fill: str):
    return Client().post(
        "/stats/hit",
        json.dumps({"t": f"p{hub.pk}", "k": "i", "a": slot, "f": fill}),
        content_type="text/plain",
        HTTP_USER_AGENT=FIREFOX,
        HTTP_SEC_FETCH_SITE="same-origin",
    )


def test_impressions_are_rolled_up_per_hub_slot_and_network(long_hub, channel):
    assert impression(long_hub, "in_article", "house").status_code == 204
    impression(long_hub, "in_article", "house")
    impression(long_hub, "sidebar", "adsense")
    impression(channel, "below", "house")  # not a hub: no ads there, not counted
    assert impression(long_hub, "In Article!", "house").status_code == 400
    stats_roll_up()
    rows = set(DailyImpressions.objects.values_list("hub_id", "slot", "network", "impressions"))
    assert rows == {(long_hub.pk, "in_article", "", 2), (long_hub.pk, "sidebar", "adsense", 1)}
    assert DailyImpressions.objects.filter(author_id=long_hub.owner_id).count() == 2


def test_only_editors_can_make_a_hub_ad_free(client, channel, writer, editor):
    hub = make_hub(channel, writer, title="Mine")
    client.force_login(writer)
    html = client.get(f"/admin/pages/{hub.pk}/edit/").content.decode()
    assert 'name="show_ads"' in html and 'name="ad_free"' not in html
    client.force_login(editor)
    assert 'name="ad_free"' in client.get(f"/admin/pages/{hub.pk}/edit/").content.decode()


def test_the_hub_shown_again_with_a_refused_comment_may_frame_its_ads(
    client, network_slot, long_hub, reader
):
    client.force_login(reader)
    response = client.post(f"/comments/hub/{long_hub.pk}/", {"text": ""})
    assert response.status_code == 400
    assert 'data-ad-slot="sidebar"' in response.content.decode()
    assert "frame-src 'self'" in response["Content-Security-Policy"]
