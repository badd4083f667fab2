from django.core.management.base import BaseCommand, CommandError

from quire.articles.models import ArticlePage
from quire.demo.generator import DemoGenerator, ensure_demo_admin


class Command(BaseCommand):
    help = (
        "Generate original demo content: authors with avatars and bios, and hubs with "
        "pictures and charts in all 22 channels. Deterministic for a given --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--authors", type=int, default=20, help="How many authors (20).")
        parser.add_argument("--articles", type=int, default=150, help="How many hubs (150).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (1).")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the site already has hubs (used by `make demo`).",
        )
        parser.add_argument(
            "--no-search-index",
            action="store_true",
            help="Skip the search index (for page-speed corpora; `quire_search_rebuild` later).",
        )

    def handle(
        self, *args, authors, articles, seed, if_empty, no_search_index, verbosity, **options
    ):
        if authors < 1 and articles > 0:
            raise CommandError("Hubs need at least one author: use --authors 1 or more.")
        if authors < 0 or articles < 0:
            raise CommandError("--authors and --articles must not be negative.")
        email, password = ensure_demo_admin()
        if if_empty and ArticlePage.objects.exists():
            self.stdout.write("Demo content already exists; keeping it.")
        else:
            progress = self.stdout.write if verbosity else None
            result = DemoGenerator(seed=seed, progress=progress, index=not no_search_index).run(
                authors=authors, articles=articles
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {result.authors} authors, {result.images} pictures and "
                    f"{result.hubs} hubs with {result.comments} comments and "
                    f"{result.follows} follows in {result.seconds:.1f} s."
                )
            )
        self.stdout.write(f"Demo admin: sign in with “{email}”, password “{password}”")
