"""The admin works in a real Chromium under the site's own Content-Security-Policy.

The policy is the one settings.CONTENT_SECURITY_POLICY sends (no test middleware): the browser
console must show no violation and no script error on the login page, the lockout page, every
changelist and every change and add form; and the admin's scripts must run (autocomplete
widgets, the slug filled from the title), which they could not if the policy blocked them.
"""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.models import Article, Event, GlossaryEntry, Period, Person, Section, Topic
from tests.browser_support import BrowserTestCase, console_errors, page_left, wait_for

pytestmark = pytest.mark.browser

MODELS = [Article, Section, GlossaryEntry, Person, Event, Period, Topic]
PASSWORD = "plum-orbit-canvas-47"


class AdminUnderCSPTests(BrowserTestCase):
    needs = ("chromium", "selenium")

    def setUp(self):
        super().setUp()
        get_user_model().objects.create_superuser("editor", "editor@example.com", PASSWORD)

    def by_css(self, css):
        # Wait for it: on a loaded machine the page after a sign-in or a click can still be loading.
        from selenium.webdriver.support import expected_conditions

        return wait_for(
            self.driver, expected_conditions.presence_of_element_located(("css selector", css)), f"no {css}"
        )

    def assert_policy_sent(self):
        # The page really is under the site's policy: an inline script is refused.
        blocked = self.driver.execute_script(
            "window.__inline_ran = false;"
            "const s = document.createElement('script'); s.textContent = 'window.__inline_ran = true';"
            "document.body.appendChild(s); return !window.__inline_ran;"
        )
        self.assertTrue(blocked, "an inline script ran: no Content-Security-Policy on the page")
        console_errors(self.driver)  # that refusal is the one console error expected

    def sign_in(self, password=PASSWORD):
        self.open("/admin/login/?next=/admin/")
        self.by_css("#id_username").send_keys("editor")
        self.by_css("#id_password").send_keys(password)
        submit = self.by_css("#login-form [type=submit]")
        submit.click()
        # Wait for the page the form leads to (signed in or refused): a page opened before it
        # loads races the sign-in's redirect, and the test then finds the wrong page.
        wait_for(self.driver, page_left(submit), "the sign-in form was not submitted")

    def problems_on(self, name):
        return [f"{name}: {message}" for message in console_errors(self.driver) if "/favicon.ico" not in message]

    def test_admin_pages_have_no_console_errors_and_their_scripts_run(self):
        problems = []
        self.open("/admin/login/")
        problems += self.problems_on("login")
        self.assert_policy_sent()
        self.sign_in()
        self.assertEqual(self.by_css("#site-name").text, "Relations editors")
        problems += self.problems_on("index")
        for model in MODELS:
            name = model._meta.model_name
            self.open(reverse(f"admin:articles_{name}_changelist"))
            problems += self.problems_on(f"{name} changelist")
            obj = model.objects.order_by("pk").first()
            self.open(reverse(f"admin:articles_{name}_change", args=[obj.pk]))
            self.by_css("#content-main form")
            problems += self.problems_on(f"{name} change form")
            self.open(reverse(f"admin:articles_{name}_add"))
            problems += self.problems_on(f"{name} add form")
        if problems:
            self.fail("console errors on admin pages:\n" + "\n".join(problems))

    def test_the_admin_scripts_run_under_the_policy(self):
        self.sign_in()
        # Prepopulated slug (prepopulate.js) on the add form.
        self.open(reverse("admin:articles_topic_add"))
        self.by_css("#id_name").send_keys("Cultural exchange")
        self.assertEqual(self.by_css("#id_slug").get_attribute("value"), "cultural-exchange")
        # Autocomplete widgets (select2) on a change form.
        event = Event.objects.filter(people__isnull=False).order_by("pk").first()
        self.open(reverse("admin:articles_event_change", args=[event.pk]))
        self.by_css("#id_people + .select2-container")
        # The changelist's "select all" checkbox (actions.js).
        self.open(reverse("admin:articles_event_changelist"))
        self.by_css("#action-toggle").click()
        self.assertIn("selected", self.by_css(".action-counter").text)
        self.assertEqual(self.problems_on("admin scripts"), [])

    def test_the_lockout_page_shows_without_console_errors(self):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            self.sign_in(password="wrong-password")
        self.assertEqual(self.by_css("main h1").text, "Sign-in locked")
        # The page's own status (429) is reported as a failed load; anything else is a problem.
        problems = [message for message in self.problems_on("lockout") if "status of 429" not in message]
        self.assertEqual(problems, [])
