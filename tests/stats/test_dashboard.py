"""The statistics dashboards: an author sees their own figures only, editors everyone's;
the plot, its table and the CSV carry the same numbers; bad dates get a clear message."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from quire.stats.models import DailyStats, DailyTotals
from quire.stats.services import stats_roll_up
from tests.factories import make_hub
from tests.stats.test_counting import beacon

pytestmark = pytest.mark.django_db
URL = "/admin/statistics/"


@pytest.fixture
def counted(channel, writer, other_writer):
    """Two hubs by two authors, read today and (written straight as rows) a week ago."""
    mine = make_hub(channel, writer, title="My counted hub")
    theirs = make_hub(channel, other_writer, title="Their counted hub")
    for n in range(3):
        beacon(f"p{mine.pk}", address=f"10.0.0.{n + 1}")
    beacon(f"p{mine.pk}", k="t", s=90)
    beacon(f"p{theirs.pk}", address="10.0.0.9")
    stats_roll_up()
    week_ago = timezone.localdate() - timedelta(days=6)
    DailyStats.objects.create(
        day=week_ago, target_type="page", object_id=mine.pk, author_id=writer.pk, views=5
    )
    DailyTotals.objects.create(
        day=week_ago, scope="author", scope_id=writer.pk, views=5, visitors=4
    )
    return mine, theirs


def test_an_author_sees_their_own_figures(client, writer, counted):
    mine, _theirs = counted
    client.force_login(writer)
    response = client.get(URL, {"days": 7})
    html = response.content.decode()
    assert response.status_code == 200
    assert "My counted hub" in html and "Their counted hub" not in html
    assert "<svg" in html and "Views per day" in html
    # The plot's own description lists the same numbers as the table under it.
    assert ": 5;" in html or " 5;" in html
    single = client.get(URL, {"hub": mine.pk, "days": 7}).content.decode()
    assert "My counted hub" in single and "1 min 30 s" in single


@pytest.mark.parametrize("query", ["author", "hub", "channel", "site"])
def test_an_author_never_sees_anyone_elses_figures(client, writer, other_writer, counted, query):
    _mine, theirs = counted
    client.force_login(writer)
    params = {
        "author": {"author": other_writer.pk},
        "hub": {"hub": theirs.pk},
        "channel": {"channel": theirs.get_parent().pk},
        "site": {"scope": "site"},
    }[query]
    response = client.get(URL, params)
    html = response.content.decode()
    if query == "site":
        # No site-wide view for authors: they get their own.
        assert response.status_code == 200 and "Their counted hub" not in html
    else:
        assert response.status_code == 404
    assert "Their counted hub" not in html


def test_a_reader_has_no_statistics(client, reader):
    client.force_login(reader)
    assert client.get(URL).status_code in (302, 403)


def test_editors_see_the_site_a_channel_and_any_author(client, editor, other_writer, counted):
    _mine, theirs = counted
    client.force_login(editor)
    site = client.get(URL).content.decode()
    assert "The whole site" in site and "My counted hub" in site and "Their counted hub" in site
    channel = client.get(URL, {"channel": theirs.get_parent().pk}).content.decode()
    assert "Their counted hub" in channel
    author = client.get(URL, {"author": other_writer.pk}).content.decode()
    assert "Their counted hub" in author and "My counted hub" not in author


def test_the_csv_holds_every_day_and_the_same_numbers(client, writer, counted):
    client.force_login(writer)
    response = client.get(URL, {"days": 7, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 7
    by_day = {row["date"]: row for row in rows}
    today = timezone.localdate().isoformat()
    week_ago = (timezone.localdate() - timedelta(days=6)).isoformat()
    assert by_day[today]["views"] == "3" and by_day[today]["engaged_seconds"] == "90"
    assert by_day[week_ago]["views"] == "5" and by_day[week_ago]["visitors"] == "4"
    assert sum(int(r["views"]) for r in rows) == 8
    html = client.get(URL, {"days": 7}).content.decode()
    assert '<span class="figure">8</span>' in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "2026-13-01"}, "YYYY-MM-DD"),
        ({"from": "yesterday"}, "YYYY-MM-DD"),
        ({"to": "2020-01-01"}, "first day of the period"),
        ({"from": "2020-02-01", "to": "2020-01-01"}, "must come before"),
        ({"from": "1999-01-01", "to": "2000-01-01"}, "no figures before"),
        ({"from": "2010-01-01", "to": "2020-01-01"}, "at most three years"),
        ({"from": "2020-01-01", "to": "2999-01-01"}, "after today"),
        ({"days": "12"}, "7, 30, 90 or 365"),
        ({"days": "-1"}, "7, 30, 90 or 365"),
    ],
)
def test_bad_dates_get_a_clear_message(client, writer, params, message):
    client.force_login(writer)
    response = client.get(URL, params)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "99999999999999", "-3"])
def test_bad_ids_are_not_found(client, editor, value):
    client.force_login(editor)
    assert client.get(URL, {"hub": value}).status_code == 404


@pytest.mark.parametrize(
    ("days", "unit", "groups"), [(30, "day", 30), (365, "week", 53), (1096, "month", 37)]
)
def test_long_periods_are_plotted_by_week_or_month_with_the_same_totals(days, unit, groups):
    from datetime import date

    from quire.stats.selectors import DayRow, buckets

    start = date(2024, 1, 3)
    rows = [DayRow(start + timedelta(days=i), views=i % 7, visitors=1) for i in range(days)]
    got_unit, got = buckets(rows)
    assert got_unit == unit and len(got) == groups
    assert sum(g.views for g in got) == sum(r.views for r in rows)
    assert sum(g.visitors for g in got) == days


def test_the_authors_home_lists_each_hubs_views_of_the_last_30_days(client, writer, counted):
    mine, _theirs = counted
    client.force_login(writer)
    html = client.get("/admin/").content.decode()
    assert f'href="/admin/statistics/?hub={mine.pk}">8</a>' in html


def test_the_plot_shows_the_numbers_of_the_daily_rows(client, writer, counted):
    import re

    mine, _theirs = counted
    client.force_login(writer)
    html = client.get(URL, {"hub": mine.pk, "days": 7}).content.decode()
    desc = re.search(r'<desc id="stats-views-desc">(.*?)</desc>', html, re.S).group(1)
    plotted = [int(v.replace(",", "")) for v in re.findall(r" (\d[\d,]*)(?:;|\.$)", desc)]
    expected = []
    for n in range(6, -1, -1):
        day = timezone.localdate() - timedelta(days=n)
        row = DailyStats.objects.filter(object_id=mine.pk, day=day).first()
        expected.append(row.views if row else 0)
    assert plotted == expected == [5, 0, 0, 0, 0, 0, 3]


def test_an_author_sees_helpful_per_hub_and_their_followers(client, writer, counted):
    from quire.audience import services
    from tests.factories import UserFactory

    mine, _theirs = counted
    fans = [UserFactory() for _ in range(3)]
    for fan in fans:
        services.follow_author(fan, writer.pk)
    for fan in fans[:2]:
        services.reaction_toggle(fan, mine.pk)
    client.force_login(writer)
    board = client.get(URL, {"days": 7})
    row = next(r for r in board.context["board"].top_pages if r["page"].pk == mine.pk)
    assert row["helpful"] == 2
    assert board.context["audience"] == {"followers": 3}
    single = client.get(URL, {"hub": mine.pk, "days": 7})
    assert single.context["audience"] == {"helpful": 2}
    assert "Found it helpful" in single.content.decode()
