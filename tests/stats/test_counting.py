"""Counting rules: once per visitor per page per day, no bots, no author's own views, no
cookie, no address stored; the roll-up turns the buffer into daily rows."""

import datetime
import json

import pytest
from django.db import connection
from django.test import Client

from quire.stats import buffer
from quire.stats.models import DailyDimension, DailySalt, DailyStats, DailyTotals, Seen
from quire.stats.services import stats_roll_up
from tests.factories import make_hub

pytestmark = pytest.mark.django_db
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"


def beacon(target, *, agent=FIREFOX, address="10.0.0.1", client=None, **data):
    client = client or Client()
    body = json.dumps({"t": target, "k": "v", **data})
    return client.post(
        "/stats/hit",
        body,
        content_type="text/plain;charset=UTF-8",
        HTTP_USER_AGENT=agent,
        REMOTE_ADDR=address,
        HTTP_SEC_FETCH_SITE="same-origin",
    )


def views(obj) -> int:
    row = DailyStats.objects.filter(object_id=obj.pk).first()
    return row.views if row else 0


def test_a_hub_carries_the_beacon_but_not_for_its_author(client, hub, author, reader):
    html = client.get(hub.url).content.decode()
    assert f'data-target="p{hub.pk}"' in html and f"/stats/hit?t=p{hub.pk}" in html
    client.force_login(reader)
    assert f'data-target="p{hub.pk}"' in client.get(hub.url).content.decode()
    client.force_login(author)
    assert "/stats/hit" not in client.get(hub.url).content.decode()


def test_channel_home_and_profile_pages_are_counted_too(client, hub, channel, home, author):
    assert f'data-target="p{channel.pk}"' in client.get(channel.url).content.decode()
    assert f'data-target="p{home.pk}"' in client.get("/").content.decode()
    profile = author.author_profile
    html = client.get(profile.get_absolute_url()).content.decode()
    assert f'data-target="a{profile.pk}"' in html


def test_one_view_per_visitor_per_page_per_day(hub):
    for _ in range(3):
        response = beacon(f"p{hub.pk}")
        assert response.status_code == 204
        assert not response.cookies and "Set-Cookie" not in response
    beacon(f"p{hub.pk}", agent=PHONE)  # another browser at the same address
    beacon(f"p{hub.pk}", address="10.0.0.2")
    assert buffer.waiting() == 5
    assert stats_roll_up() == 5
    assert buffer.waiting() == 0
    assert views(hub) == 3
    row = DailyStats.objects.get(object_id=hub.pk)
    assert row.author_id == hub.owner_id and row.channel_id == hub.get_parent().pk
    # The same visitor again later the same day is still one view.
    beacon(f"p{hub.pk}")
    stats_roll_up()
    assert views(hub) == 3
    site = DailyTotals.objects.get(scope="site")
    author = DailyTotals.objects.get(scope="author", scope_id=hub.owner_id)
    assert site.visitors == 3 and author.visitors == 3
    assert site.views == 3 and author.views == 3
    channel = DailyTotals.objects.get(scope="channel", scope_id=hub.get_parent().pk)
    assert channel.views == 3 and channel.visitors == 3
    devices = dict(DailyDimension.objects.filter(dimension="device").values_list("value", "views"))
    assert devices == {"desktop": 2, "mobile": 1}


@pytest.mark.parametrize(
    "headers",
    [
        {
            "HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
        },
        {"HTTP_USER_AGENT": "python-requests/2.32"},
        {"HTTP_USER_AGENT": ""},
        {"HTTP_USER_AGENT": FIREFOX, "HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_USER_AGENT": FIREFOX, "HTTP_SEC_FETCH_SITE": "cross-site"},
    ],
)
def test_bots_prefetches_and_other_sites_are_not_counted(hub, headers):
    response = Client().post(
        "/stats/hit", json.dumps({"t": f"p{hub.pk}"}), content_type="text/plain", **headers
    )
    assert response.status_code == 204
    assert buffer.waiting() == 0


def test_head_requests_are_not_counted(hub):
    assert Client().head(f"/stats/hit?t=p{hub.pk}", HTTP_USER_AGENT=FIREFOX).status_code == 204
    assert buffer.waiting() == 0


def test_the_no_script_image_counts_a_view(hub):
    response = Client().get(f"/stats/hit?t=p{hub.pk}", HTTP_USER_AGENT=FIREFOX)
    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    assert response["Cache-Control"] == "no-store" and not response.cookies
    stats_roll_up()
    assert views(hub) == 1


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("not json", 400),
        ("[1, 2]", 400),
        ('{"t": "p0"}', 400),
        ('{"t": "x12"}', 400),
        ('{"t": "p1", "k": "zz"}', 400),
        ('{"t": "p1", "k": "t", "s": "many"}', 400),
        ('{"t": "p1", "k": "t", "s": -5}', 400),
        ('{"t": "p1", "r": "' + "x" * 3000 + '"}', 413),
    ],
)
def test_malformed_or_huge_beacons_are_refused_cheaply(body, status):
    response = Client().post("/stats/hit", body, content_type="text/plain", HTTP_USER_AGENT=FIREFOX)
    assert response.status_code == status
    assert buffer.waiting() == 0


def test_unknown_or_unpublished_pages_are_dropped_at_roll_up(channel, author):
    draft = make_hub(channel, author, title="Draft", publish=False)
    beacon("p987654")
    beacon(f"p{draft.pk}")
    beacon("a987654")
    assert stats_roll_up() == 3
    assert not DailyStats.objects.exists() and buffer.waiting() == 0


def test_a_flood_from_one_address_is_cut_off(hub, settings):
    settings.QUIRE_STATS_RATE_PER_MINUTE = 5
    statuses = [beacon(f"p{hub.pk}", address="203.0.113.9").status_code for _ in range(8)]
    assert statuses == [204] * 5 + [429] * 3
    assert buffer.waiting() == 5


def test_engaged_time_is_summed_and_capped(hub, settings):
    beacon(f"p{hub.pk}")
    beacon(f"p{hub.pk}", k="t", s=40)
    beacon(f"p{hub.pk}", k="t", s=10_000)
    stats_roll_up()
    row = DailyStats.objects.get(object_id=hub.pk)
    assert row.engaged_seconds == 40 + settings.QUIRE_STATS_ENGAGED_CAP
    assert row.engaged_views == 2 and row.views == 1
    totals = DailyTotals.objects.get(scope="author", scope_id=hub.owner_id)
    assert totals.engaged_seconds == row.engaged_seconds and totals.engaged_views == 2


def test_referrers_and_site_search_terms(hub):
    beacon(f"p{hub.pk}", r="https://www.example.com/some/page?x=1")
    beacon(f"p{hub.pk}", address="10.0.0.2", r="http://testserver/search/?q=Slow+BREAD")
    stats_roll_up()
    rows = set(DailyDimension.objects.values_list("dimension", "value", "views"))
    assert ("referrer", "example.com", 1) in rows
    assert ("referrer", "testserver", 1) in rows
    assert ("search", "slow bread", 1) in rows


def test_no_address_is_stored_and_finished_days_are_forgotten(hub):
    beacon(f"p{hub.pk}", address="10.0.0.1")
    stats_roll_up()
    assert Seen.objects.count() == 1 and DailySalt.objects.count() == 1
    with connection.cursor() as cursor:
        for table in ("stats_seen", "stats_dailystats", "stats_dailydimension", "stats_hit"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (fixed names)
            assert "10.0.0.1" not in repr(cursor.fetchall())
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    Seen.objects.update(day=yesterday)
    DailySalt.objects.update(day=yesterday)
    stats_roll_up()
    assert not Seen.objects.exists() and not DailySalt.objects.exists()
    assert views(hub) == 1  # the daily row stays
