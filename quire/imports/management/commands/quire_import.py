"""``manage.py quire_import --as author@example.org FILE``: an author's WordPress (WXR),
Ghost or Medium export, or saved web pages, as draft hubs, with progress and a report."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from quire.articles.models import ChannelPage
from quire.imports.services import (
    KINDS_HELP,
    MAX_FILE,
    ImportFileError,
    detect_kind,
    import_items,
    local_image_finder,
    read_export,
)


class Command(BaseCommand):
    help = "Import a WordPress (WXR) or Ghost (JSON) export as draft hubs of an author."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--as", dest="email", required=True, help="The author's email.")
        parser.add_argument(
            "--channel", default="", help="Channel slug for items whose category matches none."
        )

    def handle(self, *args, path, email, channel, **options):
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account with the address {email}.")
        fallback = (
            ChannelPage.objects.filter(slug=channel).first()
            if channel
            else ChannelPage.objects.live().order_by("path").first()
        )
        if fallback is None:
            raise CommandError(f"No channel “{channel}”.")
        file = Path(path)
        if not file.is_file() or file.stat().st_size > MAX_FILE:
            raise CommandError("Give an export file of at most 200 MB.")
        data = file.read_bytes()
        kind = detect_kind(data[:512])
        if kind is None:
            raise CommandError(f"Quire can import {KINDS_HELP}; this is none of them.")
        try:
            source, items = read_export(kind, data)
            items = list(items)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        total = len(items)

        def progress(n, line):
            if n % 100 == 0 or n == total:
                self.stdout.write(f"  {n:,}/{total:,}")

        report = import_items(
            user,
            source,
            iter(items),
            fallback_channel=fallback,
            find_image=local_image_finder(user),
            progress=progress,
        )
        for status in ("imported", "skipped", "failed"):
            lines = [r for r in report if r["status"] == status]
            self.stdout.write(f"{status}: {len(lines)}")
            for line in lines if status != "imported" else []:
                self.stdout.write(f"  {line['title']}: {line['reason']}")
