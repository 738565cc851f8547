"""A refused section save merges the two edits by paragraph when they do not overlap."""

from django.test import SimpleTestCase
from editorial_support import TwoEditorsTestCase, admin_url, form_data
from factories import make_section

from articles.editorial.merging import merge
from articles.models import Section

ORIGINAL = "One.\n\nTwo.\n\nThree."


class MergeTests(SimpleTestCase):
    def test_changes_to_different_paragraphs_are_both_kept(self):
        result = merge(ORIGINAL, "One, theirs.\n\nTwo.\n\nThree.", "One.\n\nTwo.\n\nThree, yours.")
        self.assertEqual(result.text, "One, theirs.\n\nTwo.\n\nThree, yours.")

    def test_insertions_and_removals_elsewhere_are_both_kept(self):
        result = merge(ORIGINAL, "Zero.\n\nOne.\n\nTwo.\n\nThree.", "One.\n\nThree.")
        self.assertEqual(result.text, "Zero.\n\nOne.\n\nThree.")

    def test_the_same_change_on_both_sides_is_made_once(self):
        result = merge(ORIGINAL, "One.\n\nTwo!\n\nThree.", "One.\n\nTwo!\n\nThree.")
        self.assertEqual(result.text, "One.\n\nTwo!\n\nThree.")

    def test_changes_to_the_same_paragraph_clash(self):
        result = merge(ORIGINAL, "One.\n\nTwo, theirs.\n\nThree.", "One.\n\nTwo, yours.\n\nThree.")
        self.assertIsNone(result.text)
        [clash] = result.clashes
        self.assertEqual((clash.original, clash.theirs, clash.yours), (("Two.",), ("Two, theirs.",), ("Two, yours.",)))


class RefusedSaveMergeTests(TwoEditorsTestCase):
    def setUp(self):
        super().setUp()
        self.section = make_section(body=ORIGINAL)

    def test_non_overlapping_edits_come_back_merged_for_review(self):
        form_a, form_b = self.open_form(self.client_a, self.section), self.open_form(self.client_b, self.section)
        self.save(self.client_a, self.section, {**form_a, "body": "One, by Alice.\n\nTwo.\n\nThree."})
        response = self.save(self.client_b, self.section, {**form_b, "body": "One.\n\nTwo.\n\nThree, by Bob."})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Their changes and yours touched different paragraphs")
        form = response.context["adminform"].form
        self.assertEqual(form["body"].value(), "One, by Alice.\n\nTwo.\n\nThree, by Bob.")
        self.section.refresh_from_db()
        self.assertEqual(self.section.body, "One, by Alice.\n\nTwo.\n\nThree.")  # nothing saved until reviewed
        again = self.save(self.client_b, self.section, form_data(response))
        self.assertEqual(again.status_code, 302)
        self.section.refresh_from_db()
        self.assertEqual(self.section.body, "One, by Alice.\n\nTwo.\n\nThree, by Bob.")

    def test_overlapping_edits_show_the_three_versions_and_keep_yours(self):
        form_a, form_b = self.open_form(self.client_a, self.section), self.open_form(self.client_b, self.section)
        self.save(self.client_a, self.section, {**form_a, "body": "One.\n\nTwo, by Alice.\n\nThree."})
        response = self.save(self.client_b, self.section, {**form_b, "body": "One.\n\nTwo, by Bob.\n\nThree."})
        self.assertContains(response, '<table class="merge-clashes">')
        self.assertContains(response, "<td><p>Two.</p></td><td><p>Two, by Alice.</p></td><td><p>Two, by Bob.</p></td>")
        self.assertEqual(response.context["adminform"].form["body"].value(), "One.\n\nTwo, by Bob.\n\nThree.")

    def test_see_their_change_opens_in_a_new_tab(self):
        form_a, form_b = self.open_form(self.client_a, self.section), self.open_form(self.client_b, self.section)
        self.save(self.client_a, self.section, {**form_a, "body": "Alice."})
        response = self.save(self.client_b, self.section, {**form_b, "body": "Bob."})
        self.assertContains(response, 'target="_blank" rel="noopener">See their change</a>')

    def test_the_refused_form_leaves_no_post_in_the_browsers_history(self):
        # The script that turns the page's history entry into a plain GET is on pages answering a POST only.
        form_a, form_b = self.open_form(self.client_a, self.section), self.open_form(self.client_b, self.section)
        self.save(self.client_a, self.section, {**form_a, "body": "Alice."})
        response = self.save(self.client_b, self.section, {**form_b, "body": "Bob."})
        self.assertContains(response, 'src="/static/admin/js/forget-post.js"')
        self.assertNotContains(self.client_b.get(admin_url(Section, "change", self.section.pk)), "forget-post.js")
