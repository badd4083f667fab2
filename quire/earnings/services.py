"""Money moves only through these functions; each checks permission first and raises
EarningsError with a message a person can read.

The split of a month's revenue (``earnings_allocate_month``), exactly to the cent:

1. The authors' pool is the revenue times the authors' share, rounded down to the cent
   (the site keeps the fraction of a cent).
2. The pool is divided among the hubs that showed the network's ads that month, in
   proportion to their impressions: each hub gets its exact share rounded down to the
   cent, and the cents left over go one each to the hubs with the largest remainders
   (ties: the lower hub id first). The hubs' amounts sum to the pool exactly.
3. A hub's amount goes to its author if they are in the program; the amounts of hubs
   whose authors are not, and everything beyond the pool, are the site's share.

So the authors' entries plus the site's entry equal the revenue entered, to the cent.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from quire.accounts import roles
from quire.consent.models import Category, Service
from quire.core.errors import UserError

from .models import (
    CENT,
    AllocationRun,
    DailyImpressions,
    EarningsSettings,
    LedgerEntry,
    Membership,
    Payout,
    PayoutRun,
    RevenueEntry,
)

MANAGE = "earnings.manage_earnings"


class EarningsError(UserError):
    """An earnings action that is not allowed or not possible; the message says why."""


def _require_operator(user) -> None:
    if not (user.is_authenticated and user.is_active and user.has_perm(MANAGE)):
        raise EarningsError("Only the site's operators can manage earnings.")


def parse_money(value) -> Decimal:
    """A non-negative amount to the cent, from what a person typed."""
    text = str(value).strip().replace(",", "") if value is not None else ""
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise EarningsError(f"“{value}” is not an amount of money, e.g. 1234.56.") from None
    if not amount.is_finite():
        raise EarningsError(f"“{value}” is not an amount of money, e.g. 1234.56.")
    if amount < 0:
        raise EarningsError("Revenue cannot be negative; enter a correction instead.")
    if amount >= Decimal("10000000000"):
        raise EarningsError("That amount is too large.")
    if amount != amount.quantize(CENT):
        raise EarningsError("Enter the amount to the cent (at most two decimal places).")
    return amount.quantize(CENT)


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


# -- Membership -----------------------------------------------------------------------------


def membership_join(
    user, *, paypal_email: str, tax_details: dict, accept_terms: bool
) -> Membership:
    if not roles.is_author(user):
        raise EarningsError("Only authors can join the earnings program.")
    if not accept_terms:
        raise EarningsError("Accept the earnings program's terms to join.")
    try:
        validate_email(paypal_email)
    except ValidationError:
        raise EarningsError("Enter the email address of your PayPal account.") from None
    wanted = EarningsSettings.load().tax_field_names()
    details = {}
    for name in wanted:
        value = " ".join(str(tax_details.get(name, "")).split())
        if not value:
            raise EarningsError(f"Enter your {name.lower()}.")
        if len(value) > 200:
            raise EarningsError(f"Your {name.lower()} is too long (200 characters at most).")
        details[name] = value
    now = timezone.now()
    membership, created = Membership.objects.get_or_create(
        user=user,
        defaults={"paypal_email": paypal_email, "tax_details": details, "terms_accepted_at": now},
    )
    if not created:
        membership.paypal_email = paypal_email
        membership.tax_details = details
        membership.terms_accepted_at = now
        membership.left_at = None
        membership.save()
    return membership


def membership_leave(user) -> None:
    membership = Membership.objects.filter(user=user, left_at=None).first()
    if membership is None:
        raise EarningsError("You are not in the earnings program.")
    if Payout.objects.filter(author=user, status=Payout.Status.PENDING).exists():
        raise EarningsError("A payout to you is on its way; you can leave once it is paid.")
    membership.left_at = timezone.now()
    membership.save(update_fields=["left_at"])


# -- Revenue and its split ------------------------------------------------------------------


def revenue_enter(user, *, month: date, network: str, amount, note: str = "") -> RevenueEntry:
    """Record what ``network`` paid for ``month``."""

    _require_operator(user)
    value = parse_money(amount)
    first = month_start(month)
    if first > month_start(timezone.localdate()):
        raise EarningsError("Revenue can only be entered for this month or earlier ones.")
    if not Service.objects.filter(key=network, category=Category.MARKETING).exists():
        raise EarningsError("Choose an ad network from the privacy registry (Marketing).")
    currency = EarningsSettings.load().currency
    try:
        with transaction.atomic():
            return RevenueEntry.objects.create(
                month=first,
                network=network,
                amount=value,
                currency=currency,
                note=note[:200],
                entered_by=user,
            )
    except IntegrityError:
        raise EarningsError(
            f"Revenue from this network for {first:%B %Y} is entered already."
        ) from None


def split_cents(pool_cents: int, impressions: dict[int, int]) -> dict[int, int]:
    """Divide ``pool_cents`` among hubs in proportion to their impressions; the parts sum to
    the pool exactly (largest remainder, ties to the lower hub id)."""
    total = sum(impressions.values())
    if total == 0 or pool_cents == 0:
        return dict.fromkeys(impressions, 0)
    parts, remainders = {}, []
    for hub_id, count in impressions.items():
        whole, rest = divmod(pool_cents * count, total)
        parts[hub_id] = whole
        remainders.append((-rest, hub_id))
    left = pool_cents - sum(parts.values())
    for _, hub_id in sorted(remainders)[:left]:
        parts[hub_id] += 1
    return parts


def earnings_allocate_month(user, revenue: RevenueEntry) -> AllocationRun:
    """Split one revenue entry between the authors and the site. Runs once per entry: a
    second run (even at the same moment, from another process) is refused."""
    _require_operator(user)
    settings = EarningsSettings.load()
    try:
        with transaction.atomic():
            locked = RevenueEntry.objects.select_for_update().get(pk=revenue.pk)
            if AllocationRun.objects.filter(revenue=locked).exists():
                raise EarningsError(
                    f"{locked.network} revenue for {locked.month:%B %Y} is allocated already."
                )
            return _allocate(user, locked, settings.authors_share)
    except IntegrityError:
        raise EarningsError(
            f"{revenue.network} revenue for {revenue.month:%B %Y} is allocated already."
        ) from None


def _allocate(user, revenue: RevenueEntry, share: Decimal) -> AllocationRun:
    rows = (
        DailyImpressions.objects.filter(
            network=revenue.network,
            day__gte=revenue.month,
            day__lte=month_end(revenue.month),
        )
        .values("hub_id", "author_id")
        .annotate(total=Sum("impressions"))
        .order_by("hub_id")
    )
    by_hub: dict[int, int] = {}
    authors: dict[int, int | None] = {}
    for row in rows:
        by_hub[row["hub_id"]] = by_hub.get(row["hub_id"], 0) + row["total"]
        authors[row["hub_id"]] = row["author_id"]
    revenue_cents = int(revenue.amount * 100)
    pool_cents = (revenue_cents * int(share * 100)) // 10000 if by_hub else 0
    parts = split_cents(pool_cents, by_hub)
    members = set(
        Membership.objects.filter(
            user_id__in={a for a in authors.values() if a}, left_at=None
        ).values_list("user_id", flat=True)
    )
    run = AllocationRun.objects.create(
        revenue=revenue,
        authors_share=share,
        impressions=sum(by_hub.values()),
        authors_total=Decimal(0),
        site_total=Decimal(0),
        run_by=user,
    )
    entries, authors_cents = [], 0
    for hub_id, cents in parts.items():
        author_id = authors[hub_id]
        if author_id not in members or cents == 0:
            continue
        authors_cents += cents
        entries.append(
            LedgerEntry(
                author_id=author_id,
                kind=LedgerEntry.Kind.ALLOCATION,
                amount=Decimal(cents) / 100,
                currency=revenue.currency,
                month=revenue.month,
                network=revenue.network,
                hub_id=hub_id,
                impressions=by_hub[hub_id],
                revenue=revenue,
                run=run,
            )
        )
    site_cents = revenue_cents - authors_cents
    entries.append(
        LedgerEntry(
            author=None,
            kind=LedgerEntry.Kind.SITE_SHARE,
            amount=Decimal(site_cents) / 100,
            currency=revenue.currency,
            month=revenue.month,
            network=revenue.network,
            impressions=run.impressions,
            revenue=revenue,
            run=run,
            note=f"{100 - share}% and the part of authors outside the program",
        )
    )
    LedgerEntry.objects.bulk_create(entries)
    AllocationRun.objects.filter(pk=run.pk).update(
        authors_total=Decimal(authors_cents) / 100, site_total=Decimal(site_cents) / 100
    )
    run.refresh_from_db()
    return run


# -- Balances and payouts -------------------------------------------------------------------


def balance(user) -> Decimal:
    total = LedgerEntry.objects.filter(author=user).aggregate(total=Sum("amount"))["total"]
    # SQLite sums decimals as floats; to the cent they are exact again.
    return Decimal(total or 0).quantize(CENT)


def correction_add(user, author, amount, note: str) -> LedgerEntry:
    """An operator's correction to an author's balance (positive or negative)."""
    _require_operator(user)
    text = str(amount).strip()
    negative = text.startswith("-")
    value = parse_money(text.lstrip("-"))
    if not value:
        raise EarningsError("A correction needs an amount other than zero.")
    if not note.strip():
        raise EarningsError("Say why, for the author and the records.")
    return LedgerEntry.objects.create(
        author=author,
        kind=LedgerEntry.Kind.CORRECTION,
        amount=-value if negative else value,
        currency=EarningsSettings.load().currency,
        note=note.strip()[:200],
    )


def payout_run_create(user) -> PayoutRun:
    """Pay every author in the program whose balance reached the minimum: a payout each,
    and the amount leaves their balance at once (it comes back if the payout fails)."""
    _require_operator(user)
    settings = EarningsSettings.load()
    try:
        with transaction.atomic():
            members = list(
                Membership.objects.select_for_update()
                .filter(left_at=None)
                .select_related("user")
                .order_by("pk")
            )
            run = PayoutRun.objects.create(created_by=user, currency=settings.currency)
            made = 0
            for membership in members:
                owed = balance(membership.user)
                if owed < settings.minimum_payout:
                    continue
                payout = Payout.objects.create(
                    run=run,
                    author=membership.user,
                    amount=owed,
                    paypal_email=membership.paypal_email,
                )
                LedgerEntry.objects.create(
                    author=membership.user,
                    kind=LedgerEntry.Kind.PAYOUT,
                    amount=-owed,
                    currency=settings.currency,
                    payout=payout,
                    note=f"Payout run {run.pk}",
                )
                made += 1
            if not made:
                raise EarningsError(
                    f"No author in the program has reached the minimum of "
                    f"{settings.minimum_payout} {settings.currency}."
                )
            return run
    except IntegrityError:
        raise EarningsError(
            "A payout run is prepared already: mark it paid before preparing another."
        ) from None


def payout_file(run: PayoutRun) -> str:
    """PayPal's payout file for the run's waiting payouts: one row each, no header:
    recipient email, amount, currency, customer ID, note, wallet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for payout in run.payouts.filter(status=Payout.Status.PENDING).order_by("pk"):
        writer.writerow(
            [
                payout.paypal_email,
                f"{payout.amount:.2f}",
                run.currency,
                payout.reference,
                f"Your earnings from writing, payout run {run.pk}",
                "PAYPAL",
            ]
        )
    return out.getvalue()


def payout_run_mark_paid(user, run: PayoutRun) -> PayoutRun:
    _require_operator(user)
    with transaction.atomic():
        locked = PayoutRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != PayoutRun.Status.OPEN:
            raise EarningsError("This payout run is marked paid already.")
        now = timezone.now()
        locked.payouts.filter(status=Payout.Status.PENDING).update(
            status=Payout.Status.PAID, settled_at=now
        )
        locked.status, locked.paid_at = PayoutRun.Status.PAID, now
        locked.save(update_fields=["status", "paid_at"])
        return locked


def payout_mark_failed(user, payout: Payout, note: str = "") -> Payout:
    """PayPal could not pay it: the amount goes back to the author's balance, once."""
    _require_operator(user)
    with transaction.atomic():
        locked = Payout.objects.select_for_update().get(pk=payout.pk)
        if locked.status == Payout.Status.FAILED:
            raise EarningsError("This payout is marked failed already.")
        locked.status, locked.settled_at = Payout.Status.FAILED, timezone.now()
        locked.save(update_fields=["status", "settled_at"])
        LedgerEntry.objects.create(
            author=locked.author,
            kind=LedgerEntry.Kind.PAYOUT_RETURNED,
            amount=locked.amount,
            currency=locked.run.currency,
            payout=locked,
            note=(note or "The payout failed")[:200],
        )
        return locked
