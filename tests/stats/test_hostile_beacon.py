"""A beacon whose numbers no browser sends (1e400 reads as infinity, NaN, a true, a
thousand digits) is refused quietly: a 400, nothing counted, and no traceback logged."""

import json
import logging

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from quire.stats import buffer
from quire.stats.services import stats_roll_up
from tests.stats.test_counting import FIREFOX

pytestmark = pytest.mark.django_db


def post(body: str, **headers):
    return Client().post(
        "/stats/hit",
        body,
        content_type="text/plain;charset=UTF-8",
        HTTP_USER_AGENT=FIREFOX,
        HTTP_SEC_FETCH_SITE="same-origin",
        **headers,
    )


def reading(hub, seconds: str) -> str:
    # Written by hand: json.dumps cannot write 1e400 and friends as a browser could.
    return f'{{"t": "p{hub.pk}", "k": "t", "s": {seconds}}}'


@pytest.mark.parametrize(
    "seconds",
    [
        "1e400",
        "-1e400",
        "Infinity",
        "-Infinity",
        "NaN",
        "1e308",
        "12.5",
        "true",
        "null",
        "[30]",
        '{"s": 30}',
        "9" * 900,
        '"9' + "9" * 900 + '"',
        '"\u00b2"',
        '"\u0661\u0662"',
        '" 12"',
        "0",
        "-5",
    ],
)
def test_numbers_no_browser_sends_are_refused_quietly(hub, caplog, seconds):
    with caplog.at_level(logging.INFO):
        response = post(reading(hub, seconds))
    assert response.status_code == 400
    assert buffer.waiting() == 0
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]


@pytest.mark.parametrize("length", ["\u00b2", "\u0661\u0662", "9" * 5000, "-1", "1e3"])
def test_an_odd_content_length_is_refused(hub, caplog, length):
    with caplog.at_level(logging.INFO):
        response = post(json.dumps({"t": f"p{hub.pk}"}), CONTENT_LENGTH=length)
    assert response.status_code == 400
    assert not [r for r in caplog.records if r.exc_info]


@pytest.mark.parametrize(("seconds", "counted"), [("40", 40), ("40.0", 40), ('"40"', 40)])
def test_a_whole_number_of_seconds_still_counts(hub, seconds, counted):
    from quire.stats.models import DailyStats

    assert post(reading(hub, seconds)).status_code == 204
    stats_roll_up()
    assert DailyStats.objects.get(object_id=hub.pk).engaged_seconds == counted


@hypothesis_settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seconds=st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(min_value=-(10**400), max_value=10**400),
        st.booleans(),
        st.none(),
        st.text(max_size=20),
    )
)
def test_any_json_number_is_counted_or_refused_without_a_traceback(hub, caplog, settings, seconds):
    settings.QUIRE_STATS_RATE_PER_MINUTE = 10_000
    caplog.clear()
    body = json.dumps({"t": f"p{hub.pk}", "k": "t", "s": seconds})[: 1024 - 1]
    with caplog.at_level(logging.INFO):
        response = post(body)
    assert response.status_code in (204, 400)
    assert not [r for r in caplog.records if r.exc_info]
