"""The revenue-share ledger: a worked example by hand, exact cents, append-only entries,
payouts, and refusals with clear messages."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quire.earnings.models import (
    DailyImpressions,
    EarningsSettings,
    LedgerEntry,
    Payout,
    PayoutRun,
    RevenueEntry,
)
from quire.earnings.services import (
    EarningsError,
    balance,
    earnings_allocate_month,
    membership_join,
    membership_leave,
    payout_file,
    payout_mark_failed,
    payout_run_create,
    payout_run_mark_paid,
    revenue_enter,
    split_cents,
)
from tests.editorial.conftest import writer_account

pytestmark = pytest.mark.django_db
MONTH = date(2026, 9, 1)
TAX = {
    "Legal name": "A. Writer",
    "Country of residence": "Portugal",
    "Tax identification number": "PT123",
}


def member(name: str, email: str | None = None):
    user = writer_account(first_name=name, last_name="Writer")
    membership_join(
        user,
        paypal_email=email or f"{name.lower()}@pay.example",
        tax_details=TAX,
        accept_terms=True,
    )
    return user


def impressions(hub_id: int, author, network: str, count: int, day: int = 3) -> None:
    DailyImpressions.objects.create(
        day=MONTH.replace(day=day),
        hub_id=hub_id,
        author_id=author.pk if author else None,
        slot="in-article",
        network=network,
        impressions=count,
    )


def test_a_worked_example_matches_the_hand_calculation(operator, networks):
    adsense, media_net = networks
    x, y, z = member("Xena"), member("Yusuf"), member("Zora")
    # adsense: 100.05 → pool 60% = 60.03 (6003 cents) over 4 impressions:
    #   hub 1 (Xena, 2): 3001.5 → 3001; hubs 2 (Yusuf) and 3 (Zora), 1 each: 1500.75 → 1500.
    #   Two cents are left: the largest remainders are hubs 2 and 3 (.75) → 1501 each.
    #   Site: 10005 − 6003 = 4002 → 40.02.
    impressions(1, x, adsense, 2)
    impressions(2, y, adsense, 1)
    impressions(3, z, adsense, 1)
    # media-net: 33.33 → pool floor(1999.8) = 19.99 over 3 impressions:
    #   hub 1 (Xena, 1): 666.33 → 666; hub 4 (Zora, 2): 1332.67 → 1332; one cent left → hub 4.
    #   Site: 3333 − 1999 = 1334 → 13.34.
    impressions(1, x, media_net, 1, day=20)
    impressions(4, z, media_net, 2, day=21)
    first = earnings_allocate_month(
        operator, revenue_enter(operator, month=MONTH, network=adsense, amount="100.05")
    )
    second = earnings_allocate_month(
        operator, revenue_enter(operator, month=MONTH, network=media_net, amount="33.33")
    )
    assert (first.authors_total, first.site_total) == (Decimal("60.03"), Decimal("40.02"))
    assert (second.authors_total, second.site_total) == (Decimal("19.99"), Decimal("13.34"))
    per_hub = {
        (e.network, e.hub_id): e.amount for e in LedgerEntry.objects.filter(kind="allocation")
    }
    assert per_hub == {
        (adsense, 1): Decimal("30.01"),
        (adsense, 2): Decimal("15.01"),
        (adsense, 3): Decimal("15.01"),
        (media_net, 1): Decimal("6.66"),
        (media_net, 4): Decimal("13.33"),
    }
    assert balance(x) == Decimal("36.67")
    assert balance(y) == Decimal("15.01")
    assert balance(z) == Decimal("28.34")
    total = sum(LedgerEntry.objects.values_list("amount", flat=True))
    assert total == Decimal("133.38")  # 100.05 + 33.33, to the cent
    entry = LedgerEntry.objects.get(network=adsense, hub_id=1)
    assert entry.impressions == 2 and entry.revenue.amount == Decimal("100.05")


def test_a_month_is_allocated_once(operator, networks):
    x = member("Xena")
    impressions(1, x, networks[0], 5)
    revenue = revenue_enter(operator, month=MONTH, network=networks[0], amount="10")
    earnings_allocate_month(operator, revenue)
    with pytest.raises(EarningsError, match="allocated already"):
        earnings_allocate_month(operator, revenue)
    assert LedgerEntry.objects.filter(revenue=revenue).count() == 2


def test_authors_outside_the_program_earn_nothing_and_the_site_keeps_their_part(operator, networks):
    x = member("Xena")
    outsider = writer_account(first_name="Olly")
    impressions(1, x, networks[0], 1)
    impressions(2, outsider, networks[0], 1)
    run = earnings_allocate_month(
        operator, revenue_enter(operator, month=MONTH, network=networks[0], amount="10.00")
    )
    assert balance(x) == Decimal("3.00") and balance(outsider) == Decimal("0")
    assert run.site_total == Decimal("7.00")


def test_no_impressions_means_the_site_keeps_everything(operator, networks):
    run = earnings_allocate_month(
        operator, revenue_enter(operator, month=MONTH, network=networks[0], amount="12.34")
    )
    assert run.authors_total == 0 and run.site_total == Decimal("12.34")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5", "cannot be negative"),
        ("twelve", "not an amount"),
        ("NaN", "not an amount"),
        ("1.234", "to the cent"),
        ("", "not an amount"),
        ("1e30", "too large"),
    ],
)
def test_bad_revenue_is_refused_with_a_message(operator, networks, amount, message):
    with pytest.raises(EarningsError, match=message):
        revenue_enter(operator, month=MONTH, network=networks[0], amount=amount)
    assert not RevenueEntry.objects.exists()


def test_revenue_rules(operator, networks, writer):
    revenue_enter(operator, month=date(2026, 9, 17), network=networks[0], amount="1,000.50")
    assert RevenueEntry.objects.get().month == MONTH  # any day means its month
    assert RevenueEntry.objects.get().amount == Decimal("1000.50")
    with pytest.raises(EarningsError, match="entered already"):
        revenue_enter(operator, month=MONTH, network=networks[0], amount="2")
    with pytest.raises(EarningsError, match="this month or earlier"):
        revenue_enter(operator, month=date(2999, 1, 1), network=networks[0], amount="2")
    with pytest.raises(EarningsError, match="ad network"):
        revenue_enter(operator, month=MONTH, network="vimeo", amount="2")
    with pytest.raises(EarningsError, match="operators"):
        revenue_enter(writer, month=MONTH, network=networks[1], amount="2")


def test_ledger_entries_are_never_changed_or_deleted(operator, networks):
    x = member("Xena")
    impressions(1, x, networks[0], 1)
    earnings_allocate_month(
        operator, revenue_enter(operator, month=MONTH, network=networks[0], amount="10")
    )
    entry = LedgerEntry.objects.filter(author=x).get()
    entry.amount = Decimal("999")
    with pytest.raises(ValueError, match="never changed"):
        entry.save()
    with pytest.raises(ValueError, match="never deleted"):
        entry.delete()


def test_joining_needs_an_author_the_terms_a_paypal_address_and_the_tax_details(reader):
    with pytest.raises(EarningsError, match="Only authors"):
        membership_join(reader, paypal_email="r@pay.example", tax_details=TAX, accept_terms=True)
    author = writer_account(first_name="Ana")
    with pytest.raises(EarningsError, match="terms"):
        membership_join(author, paypal_email="a@pay.example", tax_details=TAX, accept_terms=False)
    with pytest.raises(EarningsError, match="PayPal"):
        membership_join(author, paypal_email="not-an-email", tax_details=TAX, accept_terms=True)
    with pytest.raises(EarningsError, match="country of residence"):
        membership_join(
            author,
            paypal_email="a@pay.example",
            tax_details={**TAX, "Country of residence": "  "},
            accept_terms=True,
        )


def test_payouts_from_the_minimum_with_a_paypal_file(operator, networks):
    rich, poor = member("Rich", "rich@pay.example"), member("Poor")
    impressions(1, rich, networks[0], 9)
    impressions(2, poor, networks[0], 1)
    earnings_allocate_month(
        operator, revenue_enter(operator, month=MONTH, network=networks[0], amount="100.00")
    )
    assert balance(rich) == Decimal("54.00") and balance(poor) == Decimal("6.00")
    run = payout_run_create(operator)
    payout = Payout.objects.get(run=run)
    assert payout.author == rich and payout.amount == Decimal("54.00")
    assert balance(rich) == 0 and balance(poor) == Decimal("6.00")
    assert payout_file(run) == (
        f"rich@pay.example,54.00,USD,{payout.reference},"
        f'"Your earnings from writing, payout run {run.pk}",PAYPAL\n'
    )
    assert len(payout.reference) <= 30 and " " not in payout.reference
    with pytest.raises(EarningsError, match="prepared already"):
        payout_run_create(operator)
    with pytest.raises(EarningsError, match="on its way"):
        membership_leave(rich)
    payout_run_mark_paid(operator, run)
    payout.refresh_from_db()
    assert payout.status == Payout.Status.PAID
    with pytest.raises(EarningsError, match="paid already"):
        payout_run_mark_paid(operator, run)
    # PayPal reports it failed after all: the amount comes back, once.
    payout_mark_failed(operator, payout, "Unclaimed")
    assert balance(rich) == Decimal("54.00")
    with pytest.raises(EarningsError, match="failed already"):
        payout_mark_failed(operator, payout)
    assert balance(rich) == Decimal("54.00")


def test_nobody_at_the_minimum_and_leavers_are_not_paid(operator, networks):
    leaver = member("Leaver")
    impressions(1, leaver, networks[0], 1)
    earnings_allocate_month(
        operator, revenue_enter(operator, month=MONTH, network=networks[0], amount="500.00")
    )
    membership_leave(leaver)
    with pytest.raises(EarningsError, match="reached the minimum"):
        payout_run_create(operator)
    assert not PayoutRun.objects.exists()
    assert balance(leaver) == Decimal("300.00")  # kept until they rejoin


@given(
    counts=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30),
    pool=st.integers(min_value=0, max_value=10**9),
)
def test_split_always_sums_to_the_pool(counts, pool):
    parts = split_cents(pool, dict(enumerate(counts, start=1)))
    if sum(counts):
        assert sum(parts.values()) == pool
        # Nobody is more than a cent away from their exact share.
        for hub, count in enumerate(counts, start=1):
            assert abs(parts[hub] - pool * count / sum(counts)) < 1 + 1e-6
    else:
        assert sum(parts.values()) == 0


@pytest.fixture
def earners(db):
    return [member(name) for name in ("Ines", "Jon", "Kit")]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    hubs=st.lists(
        st.tuples(st.integers(min_value=0, max_value=2), st.integers(min_value=0, max_value=5000)),
        min_size=1,
        max_size=8,
    ),
    cents=st.integers(min_value=0, max_value=10**8),
    share=st.integers(min_value=0, max_value=10000),
)
def test_the_ledger_always_balances(operator, networks, earners, hubs, cents, share):
    """For any impressions, revenue and share: the entries sum to the revenue, the authors'
    to revenue × share (rounded down to the cent), and each balance to its hubs' parts."""
    from quire.earnings.models import AllocationRun

    # Hypothesis runs every example in the same test transaction: start each afresh.
    LedgerEntry.objects.all().delete()
    AllocationRun.objects.all().delete()
    RevenueEntry.objects.all().delete()
    DailyImpressions.objects.all().delete()
    EarningsSettings.objects.filter(pk=EarningsSettings.load().pk).update(
        authors_share=Decimal(share) / 100
    )
    counts = {}
    for hub, (who, count) in enumerate(hubs, start=1):
        if count:
            impressions(hub, earners[who], networks[0], count)
            counts[hub] = (who, count)
    revenue = revenue_enter(
        operator, month=MONTH, network=networks[0], amount=str(Decimal(cents) / 100)
    )
    run = earnings_allocate_month(operator, revenue)
    entries = list(LedgerEntry.objects.filter(run=run))
    assert sum(e.amount for e in entries) == revenue.amount
    pool = (cents * share) // 10000 if counts else 0
    assert sum(e.amount for e in entries if e.author_id) == Decimal(pool) / 100
    parts = split_cents(pool, {hub: count for hub, (_, count) in counts.items()})
    for who, author in enumerate(earners):
        expected = sum(parts[hub] for hub, (w, _) in counts.items() if w == who)
        assert balance(author) == Decimal(expected) / 100


def test_the_task_and_the_command_allocate_once(operator, networks):
    from io import StringIO

    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from quire.earnings.tasks import earnings_allocate_month_task
    from tests.tasks import run_queued

    x = member("Xena")
    operator.email = "operator@example.org"
    operator.save()
    impressions(1, x, networks[0], 1)
    first = revenue_enter(operator, month=MONTH, network=networks[0], amount="10.00")
    earnings_allocate_month_task.enqueue(first.pk, operator.pk)
    earnings_allocate_month_task.enqueue(first.pk, operator.pk)
    run_queued(DBTaskResult.objects.all())
    assert balance(x) == Decimal("6.00")
    revenue_enter(operator, month=MONTH, network=networks[1], amount="5.00")
    out = StringIO()
    call_command("quire_allocate", "--as", "operator@example.org", stdout=out)
    assert "media-net" in out.getvalue() and "5.00 to the site" in out.getvalue()
    out = StringIO()
    call_command("quire_allocate", "--as", "operator@example.org", stdout=out)
    assert "Nothing to allocate" in out.getvalue()
