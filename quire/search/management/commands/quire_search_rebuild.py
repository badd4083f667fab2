import time

from django.core.management.base import BaseCommand

from quire.search.services import search_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the search index of every hub, with progress (publishing keeps it current)."

    def handle(self, *args, **options):
        started = time.monotonic()
        write = self.stdout.write if options["verbosity"] else None
        count = search_index_rebuild(progress=write)
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {count:,} hubs in {time.monotonic() - started:.1f} s.")
        )
