"""Export an article, or every article, as JSON that import_article restores.

With an output file ending in .zip, the JSON goes into a zip with the image files it names: a
backup that import_article restores, pictures included (see README, "Backups").
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from articles.services import article_document, collection_document, dumps
from articles.services.backups import write_backup


class Command(BaseCommand):
    help = "Write an article (or, with --all, every article) as JSON to standard output or a file."

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", help="The article's slug.")
        parser.add_argument("--all", action="store_true", dest="all_articles", help="Export every article.")
        parser.add_argument(
            "--with-drafts", action="store_true",
            help="Also export working copies, schedules and review state (default: live content only).",
        )  # fmt: skip
        parser.add_argument(
            "-o", "--output", type=Path,
            help="Write to this file instead of standard output; a .zip also holds the image files.",
        )  # fmt: skip

    def handle(self, *, slug, all_articles, output, verbosity, with_drafts=False, **options):
        if bool(slug) == all_articles:
            raise CommandError("give an article's slug or --all (one of them)")
        if all_articles:
            document = collection_document(Article.objects.all(), with_drafts=with_drafts)
        else:
            article = Article.objects.filter(slug=slug).first()
            if article is None:
                raise CommandError(f"no article with the slug {slug!r}")
            document = article_document(article, with_drafts=with_drafts)
        text = dumps(document)
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            if output.suffix.lower() == ".zip":
                write_backup(document, text, output)
            else:
                output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{output}: cannot be written ({error.strerror})") from None
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Wrote {output}."))
