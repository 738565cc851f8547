"""The documents are true: the paths they name exist, their examples do what they say, and they
and the code's comments point only at what is in the repository."""

import re
import subprocess
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

from articles.importing.parser import parse_article

ROOT = Path(settings.BASE_DIR)
DOCUMENTS = ("README.md", "DEPLOYMENT.md", "LOADTESTS.md", "BENCHMARKS.md", "benchmarks/README.md", "docs")
# Named by the documents, made when the site or a benchmark runs: not in the repository.
MADE_AT_RUN_TIME = {
    ".env", ".cache/", ".cache/generation", "staticfiles/", "media/", "articles.json",
    "NNNN-slug.txt", "NNNN-slug.expected.json",
}  # fmt: skip
# `code` or a Markdown link's target that looks like a file or folder of the repository.
NAMED = re.compile(r"`([\w./-]+)`|\]\(([\w./-]+)\)")
FILE_LIKE = re.compile(r"[\w.-]*/[\w./-]*|[\w-]+\.(?:py|md|sh|txt|html|css|js|json|toml|ini|example)")


def tracked_files():
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [ROOT / name for name in listed.splitlines()]


def documents():
    for name in DOCUMENTS:
        path = ROOT / name
        yield from sorted(path.glob("*.md")) if path.is_dir() else [path]


class DocumentTests(SimpleTestCase):
    def test_documents_name_only_paths_that_exist(self):
        names = {path.name for path in tracked_files()}
        missing = []
        for document in documents():
            for number, line in enumerate(document.read_text(encoding="utf-8").splitlines(), 1):
                for match in NAMED.finditer(line):
                    named = (match.group(1) or match.group(2)).rstrip(".,:")
                    if not FILE_LIKE.fullmatch(named) or named.startswith(("/", ".")) and named not in MADE_AT_RUN_TIME:
                        continue
                    if named in MADE_AT_RUN_TIME or named in names:
                        continue
                    if not any((base / named).exists() for base in (ROOT, document.parent)):
                        missing.append(f"{document.relative_to(ROOT)}:{number}: {named}")
        self.assertEqual(missing, [])

    def test_no_document_or_comment_points_outside_the_repository(self):
        outside = re.compile(r"GUIDE|§|\bissue #?\d|\bsessions? \d|\(session\b|\bsession's\b")
        found = []
        for path in tracked_files():
            if path.suffix not in (".py", ".md", ".sh", ".html", ".txt", ".toml", ".ini") or "sources" in path.parts:
                continue
            if path.name == "test_docs.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if outside.search(line) and "MARKUP_GUIDE" not in line:
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
        self.assertEqual(found, [])


class CaptureFormatExampleTests(SimpleTestCase):
    def test_the_example_capture_reads_as_the_document_says(self):
        text = (ROOT / "docs" / "capture-format.md").read_text(encoding="utf-8")
        capture = re.search(r"```text\n(.*?)```", text, re.DOTALL).group(1)
        article = parse_article(capture)
        self.assertEqual(article.title, "Atlantis–Lemuria relations")
        rows = dict(re.findall(r"^\| (Introduction|Treaties) \| `(.*)` \|$", text, re.M))
        self.assertEqual(
            {section.title: section.paragraphs for section in article.sections},
            {title: (paragraph.replace("\\|", "|"),) for title, paragraph in rows.items()},
        )
        self.assertEqual([entry.term for entry in article.glossary], ["Bilateralism", "Atlantis", "Lemuria", "Treaty"])
        self.assertEqual(
            [(event.date.precision, event.date.text) for event in article.events],
            [
                ("decade", "the 1980s"),
                ("month", "July 1986"),
            ],
        )
