"""An ad network's frame opened as a page of its own (a link, a redirect) runs sandboxed
too: its policy carries the CSP ``sandbox`` directive, without allow-same-origin, so the
network's code never runs in the site's origin; the flags are those the reader's page
frames it with, so the ad works the same inside the page."""

import re
from pathlib import Path

import pytest

from tests.earnings.test_ads import AD_CODE, network_slot  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
CONSENT_JS = Path(__file__).parents[2] / "quire/consent/static/consent/consent.js"


def directives(policy: str) -> dict[str, list[str]]:
    found = {}
    for part in policy.split(";"):
        name, *values = part.split()
        found[name] = values
    return found


def test_the_ad_frame_is_sandboxed_wherever_it_is_opened(client, network_slot):  # noqa: F811
    response = client.get(f"/ads/frame/{network_slot.pk}/")
    assert response.status_code == 200 and AD_CODE in response.content.decode()
    policy = directives(response["Content-Security-Policy"])
    assert "sandbox" in policy
    assert "allow-scripts" in policy["sandbox"]  # the network's code still runs
    assert "allow-same-origin" not in policy["sandbox"]
    assert "allow-top-navigation" not in policy["sandbox"]
    # Everything else of the narrow policy is kept.
    assert policy["default-src"] == ["'none'"] and policy["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_the_page_frames_it_with_the_same_flags(client, network_slot):  # noqa: F811
    script = CONSENT_JS.read_text()
    framed = re.search(r'setAttribute\("sandbox", "([^"]+)"\)', script).group(1).split()
    response = client.get(f"/ads/frame/{network_slot.pk}/")
    assert sorted(directives(response["Content-Security-Policy"])["sandbox"]) == sorted(framed)
