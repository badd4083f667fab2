"""Stop email to addresses that bounced for good or complained, for sites that send
through plain SMTP (a provider's webhooks do this on their own: docs/configuration.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quire.audience import services
from quire.audience.bounces import failed_recipients, messages_in
from quire.audience.models import Suppression


class Command(BaseCommand):
    help = (
        "Stop all email to the given addresses, or to those that the bounce messages in "
        "the given files (one message, or an mbox) report as failed for good."
    )

    def add_arguments(self, parser):
        parser.add_argument("addresses", nargs="*", help="addresses to stop emailing")
        parser.add_argument(
            "--dsn",
            action="append",
            default=[],
            type=Path,
            metavar="FILE",
            help="a bounce message or an mbox of them (RFC 3464 delivery status)",
        )
        parser.add_argument(
            "--reason",
            choices=Suppression.Reason.values,
            default=Suppression.Reason.BOUNCED,
            help="why (default: bounced)",
        )

    def handle(self, *args, addresses, dsn, reason, **options):
        found = [(address, "command") for address in addresses]
        for path in dsn:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            count = 0
            try:
                for message in messages_in(path):
                    count += 1
                    found += [
                        (address, f"bounce in {path.name}")
                        for address in failed_recipients(message)
                    ]
            except ValueError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"{path}: {count} message(s) read")
        if not found:
            raise CommandError("Give addresses, or bounce messages with --dsn.")
        new = 0
        for address, source in found:
            try:
                new += services.address_suppress(address, reason, source)
            except services.AudienceError as error:
                self.stderr.write(f"Skipped: {error.message}")
        self.stdout.write(
            f"{new} address(es) no longer emailed; {len(found) - new} already were or were skipped."
        )
