"""The earnings pages: joining in the settings, an author's own earnings, and the
operator's revenue and payout pages (permission checked on the server)."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from quire.earnings.models import LedgerEntry, Membership, Payout, RevenueEntry
from quire.earnings.services import balance
from tests.earnings.test_ledger import MONTH, TAX, impressions, member
from tests.editorial.conftest import writer_account

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def join_form(**overrides) -> dict:
    data = {"paypal_email": "ana@pay.example", "accept_terms": "on"}
    data.update({f"tax_{n}": value for n, value in enumerate(TAX.values())})
    data.update(overrides)
    return data


def test_an_author_joins_changes_details_and_leaves(writer):
    client = signed_in(writer)
    page = client.get("/accounts/settings/earnings/").content.decode()
    assert "Join the earnings program" in page and "Tax identification number" in page
    assert 'href="/earnings-terms/"' in page
    bad = client.post("/accounts/settings/earnings/", join_form(paypal_email="nope"))
    assert bad.status_code == 400 and 'value="nope"' in bad.content.decode()
    unticked = client.post("/accounts/settings/earnings/", join_form(accept_terms=""))
    assert "Accept the terms" in unticked.content.decode()
    assert not Membership.objects.exists()
    assert client.post("/accounts/settings/earnings/", join_form()).status_code == 302
    membership = Membership.objects.get(user=writer)
    assert membership.paypal_email == "ana@pay.example" and membership.tax_details == TAX
    client.post("/accounts/settings/earnings/", {"action": "leave"})
    membership.refresh_from_db()
    assert membership.left_at is not None


def test_readers_cannot_join(reader):
    client = signed_in(reader)
    assert "Become an author" in client.get("/accounts/settings/earnings/").content.decode()
    client.post("/accounts/settings/earnings/", join_form())
    assert not Membership.objects.exists()


def test_an_author_sees_their_own_earnings_only(operator, networks):
    from quire.earnings.services import earnings_allocate_month, revenue_enter

    ana, ben = member("Ana"), member("Ben")
    impressions(101, ana, networks[0], 3)
    impressions(102, ben, networks[0], 1)
    earnings_allocate_month(
        operator, revenue_enter(operator, month=MONTH, network=networks[0], amount="10.00")
    )
    html = signed_in(ana).get("/admin/earnings/").content.decode()
    assert "September 2026" in html and "4.50" in html and "<svg" in html
    assert "1.50" not in html  # Ben's share
    assert f"{balance(ana)} USD" in html


def test_operators_enter_allocate_and_pay(operator, networks):
    operator.is_staff = True
    operator.save()
    operator.user_permissions.add(
        *__import__(
            "django.contrib.auth.models", fromlist=["Permission"]
        ).Permission.objects.filter(codename="access_admin")
    )
    ana = member("Ana", "ana@pay.example")
    impressions(101, ana, networks[0], 1)
    client = signed_in(operator)
    bad = client.post(
        "/admin/earnings/revenue/", {"month": "2026-09", "network": networks[0], "amount": "-3"}
    )
    assert bad.status_code == 400 and "cannot be negative" in bad.content.decode()
    assert 'value="-3"' in bad.content.decode()
    client.post(
        "/admin/earnings/revenue/", {"month": "2026-09", "network": networks[0], "amount": "100"}
    )
    entry = RevenueEntry.objects.get()
    client.post(f"/admin/earnings/revenue/{entry.pk}/allocate/")
    assert balance(ana) == Decimal("60.00")
    client.post(f"/admin/earnings/revenue/{entry.pk}/allocate/")  # refused, with a message
    assert LedgerEntry.objects.filter(kind="allocation").count() == 1
    client.post("/admin/earnings/payouts/run/")
    payout = Payout.objects.get()
    csv_file = client.get(f"/admin/earnings/payouts/{payout.run_id}/paypal.csv")
    assert csv_file.content.decode().startswith("ana@pay.example,60.00,USD,")
    client.post(f"/admin/earnings/payouts/{payout.run_id}/paid/")
    payout.refresh_from_db()
    assert payout.status == "paid" and balance(ana) == 0


@pytest.mark.parametrize(
    "url",
    ["/admin/earnings/revenue/", "/admin/earnings/payouts/", "/admin/earnings/payouts/run/"],
)
def test_editors_and_authors_are_not_operators(url, writer):
    editor = writer_account(first_name="Eda")
    editor.groups.add(Group.objects.get(name="Editors"))
    for user in (writer, editor):
        response = signed_in(user).post(url) if url.endswith("run/") else signed_in(user).get(url)
        assert response.status_code in (302, 403)
    assert not RevenueEntry.objects.exists()
