from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quire.site.sitedump import DumpError, site_load


class Command(BaseCommand):
    help = (
        "Replace this site's database content and media with a quire_dump file. Run it on a "
        "freshly migrated database (SQLite or PostgreSQL): everything in it is replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A file written by quire_dump")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask before replacing this database."
        )

    def handle(self, *args, path, yes, **options):
        if not yes:
            answer = input("This replaces everything in this database. Type “yes” to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was changed.")
        try:
            manifest = site_load(Path(path), progress=self.stdout.write)
        except DumpError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {manifest.get('objects', 0):,} objects and "
                f"{manifest.get('media_files', 0):,} media files (dumped from "
                f"{manifest.get('database', '?')} on {manifest.get('created', '?')[:10]})."
            )
        )
