from django.core.management.base import BaseCommand

from quire.site.setup import site_setup


class Command(BaseCommand):
    help = "Create the home page and the 22 channels if they do not exist (safe to re-run)."

    def handle(self, *args, **options):
        home = site_setup()
        channels = home.get_children().count()
        self.stdout.write(
            self.style.SUCCESS(f"Site ready: “{home.title}” with {channels} channels.")
        )
