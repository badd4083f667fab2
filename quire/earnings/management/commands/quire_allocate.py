"""Allocate every revenue entry not allocated yet (e.g. from cron after the month's
revenue is entered): ``manage.py quire_allocate --as operator@example.org``."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from quire.earnings.models import RevenueEntry
from quire.earnings.services import EarningsError, earnings_allocate_month


class Command(BaseCommand):
    help = "Split every revenue entry that has not been allocated yet."

    def add_arguments(self, parser):
        parser.add_argument("--as", dest="email", required=True, help="The operator's email.")

    def handle(self, *args, email, **options):
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account with the address {email}.")
        waiting = RevenueEntry.objects.filter(run__isnull=True).order_by("month", "network")
        if not waiting.exists():
            self.stdout.write("Nothing to allocate.")
            return
        for revenue in waiting:
            try:
                run = earnings_allocate_month(user, revenue)
            except EarningsError as error:
                raise CommandError(error.message) from None
            self.stdout.write(
                f"{revenue}: {run.authors_total} to authors, {run.site_total} to the site "
                f"({run.impressions:,} impressions)"
            )
