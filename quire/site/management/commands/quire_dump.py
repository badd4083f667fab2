from pathlib import Path

from django.core.management.base import BaseCommand

from quire.site.sitedump import site_dump


class Command(BaseCommand):
    help = "Write the whole site (database and media files) to one .tar.gz, for quire_load."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write the dump, e.g. quire-site.tar.gz")

    def handle(self, *args, path, **options):
        manifest = site_dump(Path(path), progress=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {path}: {manifest['objects']:,} objects and "
                f"{manifest['media_files']:,} media files from {manifest['database']}."
            )
        )
