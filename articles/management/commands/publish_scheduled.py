"""Publish the working copies whose go-live time has come; unpublish the live records that expired.

Meant to run every minute (DEPLOYMENT.md). Running it again changes nothing more, and two runs at
the same time publish each working copy once: each one is taken under a row lock and dropped in the
transaction that publishes it.
"""

from django.core.management.base import BaseCommand

from articles.editorial import drafts


class Command(BaseCommand):
    help = "Publish the working copies that are due and unpublish the records whose expiry time has passed."

    def handle(self, *, verbosity, **options):
        published, failed = drafts.publish_due()
        expired = drafts.expire_due()
        if verbosity:
            for name in published:
                self.stdout.write(f"Published {name}.")
            for name in expired:
                self.stdout.write(f"Unpublished {name}.")
            self.stdout.write(self.style.SUCCESS(f"{len(published)} published, {len(expired)} unpublished."))
        for message in failed:
            self.stderr.write(f"Not published: {message}")
