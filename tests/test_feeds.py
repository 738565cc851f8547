"""The Atom feed of events is valid Atom 1.0 (RFC 4287) and dates each entry by its record's last change.

The grammar is RFC 4287's RELAX NG schema (tests/data/atom.rng, checked with lxml, a test-only
dependency); the RFC's Schematron rules, which a grammar cannot say, are checked here in Python.
"""

from datetime import UTC, datetime
from pathlib import Path

from django.test import TestCase
from factories import make_event
from lxml import etree

from articles.models import Event

ATOM = "{http://www.w3.org/2005/Atom}"
SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).parent / "data" / "atom.rng")))


def schema_errors(document):
    """The RELAX NG errors of ``document`` (an lxml tree), as lines; none when it is valid."""
    if SCHEMA.validate(document):
        return []
    return [f"line {error.line}: {error.message}" for error in SCHEMA.error_log]


def schematron_errors(feed):
    """RFC 4287's rules outside its grammar (sections 4.1.1 and 4.1.2), as lines."""
    errors = []
    entries = feed.findall(f"{ATOM}entry")
    if feed.find(f"{ATOM}author") is None and any(entry.find(f"{ATOM}author") is None for entry in entries):
        errors.append("the feed has no author, and some entry has none either")
    for element in [feed, *entries]:
        alternates = [
            (link.get("type"), link.get("hreflang"))
            for link in element.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        if len(alternates) != len(set(alternates)):
            errors.append(f"{element.findtext(f'{ATOM}id')}: two alternate links of one type and language")
    for entry in entries:
        has_alternate = any(link.get("rel", "alternate") == "alternate" for link in entry.findall(f"{ATOM}link"))
        if entry.find(f"{ATOM}content") is None and not has_alternate:
            errors.append(f"{entry.findtext(f'{ATOM}id')}: neither content nor an alternate link")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    if len(ids) != len(set(ids)):
        errors.append("two entries share an id")
    return errors


class AtomFeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.early = make_event(slug="early", title="Early <talks> & more", description="Said <b>so</b> & more.")
        cls.late = make_event(slug="late", title="Late visit", description="")

    def feed(self):
        response = self.client.get("/events/feed/")
        self.assertEqual(response["Content-Type"], "application/atom+xml; charset=utf-8")
        return etree.fromstring(response.content).getroottree()

    def test_the_feed_is_valid_atom(self):
        document = self.feed()
        self.assertEqual(schema_errors(document), [])
        self.assertEqual(schematron_errors(document.getroot()), [])

    def test_the_schema_check_catches_what_atom_forbids(self):
        # The checks can fail: a feed without an id or author, an entry without a date.
        document = self.feed()
        root = document.getroot()
        root.remove(root.find(f"{ATOM}id"))
        root.find(f"{ATOM}entry").remove(root.find(f"{ATOM}entry").find(f"{ATOM}updated"))
        self.assertTrue(schema_errors(document))
        root.remove(root.find(f"{ATOM}author"))
        self.assertIn("the feed has no author, and some entry has none either", schematron_errors(root))

    def test_the_feed_has_an_author(self):
        self.assertEqual(self.feed().getroot().findtext(f"{ATOM}author/{ATOM}name"), "Relations")

    def test_each_entry_is_dated_by_its_record_s_last_change(self):
        changed = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
        Event.objects.filter(pk=self.early.pk).update(updated_at=changed)
        entries = {
            entry.findtext(f"{ATOM}id").rsplit("/", 2)[-2]: entry
            for entry in self.feed().getroot().findall(f"{ATOM}entry")
        }
        self.assertEqual(entries["early"].findtext(f"{ATOM}updated"), "2024-05-06T07:08:09+00:00")
        late = Event.objects.get(pk=self.late.pk).updated_at
        self.assertEqual(datetime.fromisoformat(entries["late"].findtext(f"{ATOM}updated")), late)
        self.assertIsNone(entries["early"].find(f"{ATOM}published"), "an import time is no publication date")
