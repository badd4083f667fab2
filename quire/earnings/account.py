"""What an account's deletion does to the money: refused while money is owed or on its
way; otherwise the site's records stay, moved to the former author account. Registered in
wagtail_hooks.py."""

from quire.accounts.deletion import DeletionReport, former_author

from .models import AllocationRun, LedgerEntry, Membership, Payout, PayoutRun, RevenueEntry
from .services import balance


def deletion_blocker(user) -> str:
    """Why the account cannot go yet because of money, or ""."""
    if Payout.objects.filter(author=user, status=Payout.Status.PENDING).exists():
        return "A payout to you is on its way: delete your account once it is paid."
    owed = balance(user)
    if owed > 0:
        return (
            f"You have {owed} of earnings not paid yet: leave the account once they are paid, "
            "or ask the site's operators to close your balance."
        )
    return ""


def account_delete(user, choices: dict, report: DeletionReport) -> None:
    """The ledger and payouts are the site's accounts and stay; they move to the former
    author account (their amounts, months and PayPal addresses kept as they were)."""
    if not (
        LedgerEntry.objects.filter(author=user).exists()
        or Payout.objects.filter(author=user).exists()
        or RevenueEntry.objects.filter(entered_by=user).exists()
        or AllocationRun.objects.filter(run_by=user).exists()
        or PayoutRun.objects.filter(created_by=user).exists()
        or Membership.objects.filter(user=user).exists()
    ):
        return
    heir = former_author()
    # Bulk updates: the ledger's own save() refuses changes to an entry's amounts, and
    # only the owner moves here.
    LedgerEntry.objects.filter(author=user).update(author=heir)
    Payout.objects.filter(author=user).update(author=heir)
    RevenueEntry.objects.filter(entered_by=user).update(entered_by=heir)
    AllocationRun.objects.filter(run_by=user).update(run_by=heir)
    PayoutRun.objects.filter(created_by=user).update(created_by=heir)
    Membership.objects.filter(user=user).delete()
