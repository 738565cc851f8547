"""Who may do what: the Editors group, the create_editor command, and a matrix of roles × pages."""

import io
import json
import os
import re
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse

from articles.models import Article, Event, GlossaryEntry, Image, Period, Person, Section, Status, Topic
from tests.editorial_support import EDITOR_PASSWORD, admin_url, make_editor, make_superuser
from tests.factories import make_article, make_event, make_glossary_entry, make_person, make_section

CONTENT_MODELS = [Article, Section, GlossaryEntry, Person, Event, Period, Topic, Image]
User = get_user_model()


class EditorsGroupTests(TestCase):
    def test_the_migration_gives_editors_exactly_the_content_permissions(self):
        expected = {
            f"articles.{action}_{model._meta.model_name}"
            for model in CONTENT_MODELS
            for action in ("add", "change", "delete", "view")
        } | {f"articles.view_historical{model._meta.model_name}" for model in CONTENT_MODELS}
        # Deleting an article takes its sections with it: an administrator grants that to whom they choose.
        expected.remove("articles.delete_article")
        group = Group.objects.get(name="Editors")
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        self.assertEqual(granted, expected)

    def test_the_permissions_are_the_ones_django_would_create(self):
        # Created by the migration before post_migrate would: one row each, not two.
        for codename in ["change_article", "view_historicalsection", "delete_image"]:
            with self.subTest(codename=codename):
                self.assertEqual(Permission.objects.filter(codename=codename).count(), 1)
        self.assertEqual(Permission.objects.get(codename="add_glossaryentry").name, "Can add glossary entry")

    def test_no_user_or_group_permission(self):
        group = Group.objects.get(name="Editors")
        self.assertFalse(group.permissions.filter(content_type__app_label="auth").exists())


class CreateEditorCommandTests(TestCase):
    def run_command(self, *args, env=None, **options):
        stdout, stderr = io.StringIO(), io.StringIO()
        environment = {key: value for key, value in os.environ.items() if key != "EDITOR_PASSWORD"}
        environment.update(env or {})
        with mock.patch.dict(os.environ, environment, clear=True):
            call_command("create_editor", *args, stdout=stdout, stderr=stderr, **options)
        return stdout.getvalue(), stderr.getvalue()

    def test_reads_the_password_from_the_environment(self):
        out, _ = self.run_command("ada", email="ada@example.com", env={"EDITOR_PASSWORD": EDITOR_PASSWORD})
        user = User.objects.get(username="ada")
        self.assertTrue(user.is_staff)
        self.assertFalse(user.is_superuser)
        self.assertEqual(user.email, "ada@example.com")
        self.assertEqual(list(user.groups.values_list("name", flat=True)), ["Editors"])
        self.assertTrue(user.check_password(EDITOR_PASSWORD))
        self.assertIn("Editor 'ada' created", out)

    def test_another_variable_can_hold_the_password(self):
        self.run_command("bea", password_from_env="BEA_SECRET", env={"BEA_SECRET": EDITOR_PASSWORD})
        self.assertTrue(User.objects.get(username="bea").check_password(EDITOR_PASSWORD))

    def test_asks_twice_in_a_terminal_and_validates(self):
        answers = iter(["short", "short", EDITOR_PASSWORD, "a typo", EDITOR_PASSWORD, EDITOR_PASSWORD])
        with (
            mock.patch("sys.stdin.isatty", return_value=True),
            mock.patch("getpass.getpass", side_effect=lambda prompt: next(answers)),
        ):
            _, err = self.run_command("cy")
        self.assertIn("too short", err)
        self.assertIn("differ", err)
        self.assertTrue(User.objects.get(username="cy").check_password(EDITOR_PASSWORD))

    def test_gives_up_after_three_bad_passwords(self):
        with mock.patch("sys.stdin.isatty", return_value=True), mock.patch("getpass.getpass", return_value="password"):
            with self.assertRaisesMessage(CommandError, "no valid password"):
                self.run_command("dee")
        self.assertFalse(User.objects.filter(username="dee").exists())

    def test_refuses_a_weak_password_from_the_environment(self):
        with self.assertRaisesMessage(CommandError, "the password is refused"):
            self.run_command("eve", env={"EDITOR_PASSWORD": "12345678"})
        self.assertFalse(User.objects.filter(username="eve").exists())

    def test_without_terminal_or_variable_there_is_no_default_password(self):
        with mock.patch("sys.stdin.isatty", return_value=False):
            with self.assertRaisesMessage(CommandError, "no password: set $EDITOR_PASSWORD"):
                self.run_command("fay")
        with mock.patch("sys.stdin.isatty", return_value=True):
            with self.assertRaisesMessage(CommandError, "no password"):
                self.run_command("fay", interactive=False)
        self.assertFalse(User.objects.filter(username="fay").exists())

    def test_refuses_an_existing_username(self):
        make_editor("gus")
        with self.assertRaisesMessage(CommandError, "exists already"):
            self.run_command("gus", env={"EDITOR_PASSWORD": EDITOR_PASSWORD})

    def test_refuses_an_invalid_email(self):
        with self.assertRaisesMessage(CommandError, "valid email"):
            self.run_command("hal", email="not an address", env={"EDITOR_PASSWORD": EDITOR_PASSWORD})


ANONYMOUS, EDITOR, SUPERUSER = "anonymous", "editor", "superuser"
LOGIN = "login"  # a redirect to the admin's login page
NOT_FOUND, FORBIDDEN, OK = 404, 403, 200


class RolesAndPagesMatrixTests(TestCase):
    """Every role on every kind of page, with the answer it must get."""

    @classmethod
    def setUpTestData(cls):
        cls.users = {EDITOR: make_editor(), SUPERUSER: make_superuser()}
        draft = {"status": Status.DRAFT}
        cls.article = make_article(**draft)
        cls.section = make_section(article=cls.article, body="A [[Term]] link.", **draft)
        cls.entry = make_glossary_entry(**draft)
        cls.person = make_person(**draft)
        cls.event = make_event(section=cls.section, **draft)
        cls.event.people.add(cls.person)
        cls.period = Period.objects.order_by("pk").first()
        cls.topic = Topic.objects.order_by("pk").first()
        cls.records = {
            Article: cls.article, Section: cls.section, GlossaryEntry: cls.entry, Person: cls.person,
            Event: cls.event, Period: cls.period, Topic: cls.topic,
        }  # fmt: skip

    def client_for(self, role):
        if role != ANONYMOUS:
            self.client.force_login(self.users[role])
        return self.client

    def assert_answer(self, role, url, expected):
        with self.subTest(role=role, url=url):
            self.client.logout()
            response = self.client_for(role).get(url)
            if expected == LOGIN:
                self.assertRedirects(response, f"{reverse('admin:login')}?next={url}", fetch_redirect_response=False)
            else:
                self.assertEqual(response.status_code, expected)
            return response

    def assert_matrix(self, url, anonymous, editor, superuser):
        for role, expected in [(ANONYMOUS, anonymous), (EDITOR, editor), (SUPERUSER, superuser)]:
            self.assert_answer(role, url, expected)

    def test_admin_index(self):
        self.assert_matrix(reverse("admin:index"), LOGIN, OK, OK)

    def test_every_content_changelist_add_change_history_and_delete_page(self):
        for model, record in self.records.items():
            for view, args in [
                ("changelist", ()), ("add", ()), ("change", (record.pk,)), ("history", (record.pk,)),
                ("delete", (record.pk,)), ("recover_list", ()),
            ]:  # fmt: skip
                editor = FORBIDDEN if (model, view) == (Article, "delete") else OK
                self.assert_matrix(admin_url(model, view, *args), LOGIN, editor, OK)

    def test_image_changelist(self):
        self.assert_matrix(admin_url(Image, "changelist"), LOGIN, OK, OK)

    def test_user_and_group_admin(self):
        editor = self.users[EDITOR]
        for url in [
            reverse("admin:auth_user_changelist"),
            reverse("admin:auth_user_add"),
            reverse("admin:auth_user_change", args=[editor.pk]),
            reverse("admin:auth_user_password_change", args=[editor.pk]),
            reverse("admin:auth_group_changelist"),
            reverse("admin:auth_group_change", args=[Group.objects.get(name="Editors").pk]),
        ]:
            self.assert_matrix(url, LOGIN, FORBIDDEN, OK)

    def test_editors_cannot_give_themselves_more_rights(self):
        editor = self.users[EDITOR]
        self.client.force_login(editor)
        response = self.client.post(
            reverse("admin:auth_user_change", args=[editor.pk]),
            {"username": editor.username, "is_superuser": "on", "is_staff": "on", "is_active": "on"},
        )
        self.assertEqual(response.status_code, FORBIDDEN)
        editor.refresh_from_db()
        self.assertFalse(editor.is_superuser)

    def test_the_admin_index_shows_editors_no_user_management(self):
        self.client.force_login(self.users[EDITOR])
        response = self.client.get(reverse("admin:index"))
        self.assertNotContains(response, reverse("admin:auth_user_changelist"))
        self.assertContains(response, admin_url(Section, "changelist"))

    def test_public_pages_of_drafts(self):
        for record in [self.article, self.event, self.person, self.entry]:
            url = record.get_absolute_url()
            self.assert_answer(ANONYMOUS, url, NOT_FOUND)
            for role in [EDITOR, SUPERUSER]:
                response = self.assert_answer(role, url, OK)
                self.assertContains(response, "Draft — not public", msg_prefix=url)

    def test_public_pages_of_published_records_show_no_banner(self):
        for model in [Article, Section, GlossaryEntry, Person, Event]:
            model.objects.update(status=Status.PUBLISHED)
        for record in [self.article, self.event, self.person, self.entry]:
            for role in [ANONYMOUS, EDITOR]:
                response = self.assert_answer(role, record.get_absolute_url(), OK)
                self.assertNotContains(response, "Draft — not public")

    def test_the_section_preview_endpoint_is_for_editors_only(self):
        url = reverse("admin:articles_section_preview")
        for role, expected in [(ANONYMOUS, LOGIN), (EDITOR, OK), (SUPERUSER, OK)]:
            with self.subTest(role=role):
                self.client.logout()
                response = self.client_for(role).post(url, {"body": "Hello"})
                if expected == LOGIN:
                    self.assertEqual(response.status_code, 302)
                    self.assertIn(reverse("admin:login"), response["Location"])
                else:
                    self.assertEqual(response.status_code, expected)

    def test_a_staff_user_without_the_group_sees_no_content(self):
        outsider = User.objects.create_user("outsider", password=EDITOR_PASSWORD, is_staff=True)
        self.client.force_login(outsider)
        self.assertEqual(self.client.get(admin_url(Section, "changelist")).status_code, FORBIDDEN)
        self.assertEqual(self.client.post(reverse("admin:articles_section_preview"), {"body": "x"}).status_code, 403)


class DraftsStayHiddenTests(TestCase):
    """Every public path shows published content only, through relations too; staff previews are private."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_editor()
        draft = {"status": Status.DRAFT}
        cls.term = make_glossary_entry(term="Détente", slug="detente")
        cls.draft_term = make_glossary_entry(term="Zyxwar", slug="zyxwar", definition="Zyxwar drafty.", **draft)
        cls.article = make_article(title="Atlantis relations")
        cls.shown = make_section(
            article=cls.article, title="Shown", slug="shown", order=1, body="A [[Détente]] and a [[Zyxwar]] link."
        )
        cls.shown.terms.add(cls.term, cls.draft_term)
        cls.hidden = make_section(article=cls.article, title="Hidden", slug="hidden", order=2,
                                  body="Qwertyuiop happened.", **draft)  # fmt: skip
        cls.hidden.terms.add(cls.term)
        cls.person = make_person(name="Visible Person", slug="visible-person")
        cls.defined_person = make_person(
            name="Defined Person", slug="defined-person", role="Envoy", glossary_entry=cls.draft_term
        )
        cls.draft_person = make_person(name="Draftperson Quux", slug="draftperson-quux", **draft)
        cls.event = make_event(title="Treaty signed", slug="treaty-signed", section=cls.hidden)
        cls.event.people.add(cls.person, cls.draft_person)
        cls.draft_event = make_event(title="Draftevent Blorp", slug="draftevent-blorp", section=cls.shown, **draft)
        cls.period = Period.objects.containing_year(1990).first()
        for event in (cls.event, cls.draft_event):
            event.period = cls.period
            event.save()
        cls.topic = Topic.objects.order_by("pk").first()
        cls.topic.events.add(cls.event, cls.draft_event)
        cls.draft_article = make_article(title="Secret article", slug="secret-article", **draft)

    def get(self, url, **params):
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200, url)
        return response.content.decode()

    def assert_no_draft(self, html, where):
        drafts = ["Qwertyuiop", "Draftevent Blorp", "Draftperson Quux", "Secret article", "/glossary/zyxwar/", "drafty"]
        for text in drafts:
            self.assertNotIn(text, html, f"{where} shows a draft: {text!r}")

    def test_every_listing_feed_sitemap_and_search(self):
        pages = {
            "home": ("/", {}),
            "timeline": ("/events/", {}),
            "people": ("/people/", {}),
            "glossary": ("/glossary/", {}),
            "feed": ("/events/feed/", {}),
            "sitemap index": ("/sitemap.xml", {}),
            **{
                f"sitemap of {kind}": (f"/sitemap-{kind}.xml", {})
                for kind in ("articles", "events", "people", "glossary")
            },
            "period": (self.period.get_absolute_url(), {}),
            "topic": (self.topic.get_absolute_url(), {}),
        }
        for name, (url, params) in pages.items():
            with self.subTest(page=name):
                self.assert_no_draft(self.get(url, **params), name)
        for query in ["Qwertyuiop", "Draftevent", "Draftperson", "Zyxwar drafty", "Secret"]:
            with self.subTest(search=query):
                self.assertEqual(self.client.get("/search/", {"q": query}).context["results"].total, 0)
        self.assertEqual(self.client.get("/search/", {"q": "Treaty"}).context["results"].total, 1)
        self.assertIn("Treaty signed", self.get("/events/"))
        self.assertIn(self.article.get_absolute_url(), self.get("/sitemap-articles.xml"))

    def test_the_article_hides_a_draft_section_and_its_events(self):
        html = self.get(self.article.get_absolute_url())
        self.assert_no_draft(html, "article")
        self.assertNotIn("Treaty signed", html)  # listed under the draft section only
        self.assertIn('href="/glossary/detente/"', html)

    def test_a_link_to_a_draft_glossary_entry_is_plain_text(self):
        html = self.get(self.article.get_absolute_url())
        self.assertIn('<span class="broken-link">Zyxwar</span>', html)
        self.assertNotIn('data-term="zyxwar"', html)

    def test_the_event_page_hides_a_draft_person_and_a_draft_section(self):
        html = self.get(self.event.get_absolute_url())
        self.assertIn("Visible Person", html)
        self.assert_no_draft(html, "event")
        self.assertNotIn("In the article", html)
        self.assertNotIn("#hidden", html)

    def test_a_person_page_never_describes_the_person_with_a_draft_definition(self):
        html = self.get(self.defined_person.get_absolute_url())
        self.assert_no_draft(html, "person")
        fields = {
            "meta description": re.search(r'<meta name="description" content="([^"]*)"', html)[1],
            "og:description": re.search(r'<meta property="og:description" content="([^"]*)"', html)[1],
            "JSON-LD": json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]).get(
                "description", ""
            ),
        }
        for name, value in fields.items():
            self.assertNotIn("drafty", value, name)
        self.assertEqual(fields["meta description"], "Envoy")  # the role instead

    def test_the_glossary_entry_page_lists_published_sections_only(self):
        html = self.get(self.term.get_absolute_url())
        self.assertIn("#shown", html)
        self.assertNotIn("#hidden", html)

    def test_staff_preview_draft_sections_on_the_article_page_privately(self):
        self.client.force_login(self.editor)
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(response, "Qwertyuiop")
        self.assertContains(response, "Draft — not public")
        self.assertIn("no-store", response["Cache-Control"])
        self.assertIn("private", response["Cache-Control"])
        # Nothing of the preview reaches a reader afterwards (no shared cache keeps it).
        self.client.logout()
        self.assert_no_draft(self.get(self.article.get_absolute_url()), "article after a staff preview")
        self.assertEqual(self.client.get(self.draft_article.get_absolute_url()).status_code, 404)
