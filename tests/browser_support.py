"""Shared helpers for the browser tests: Debian's Chromium through Selenium, axe-core, the Nu Html Checker.

Everything the tests need from outside Python is installed by `.ci/browser-setup.sh`. When a piece is
missing, `require()` skips the test with the reason, except in CI (CI=true), where it fails it.
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.testing import StaticLiveServerTestCase

ROOT = Path(settings.BASE_DIR)
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SEED = ROOT / "articles" / "sources" / "russia-south-korea-relations.txt"
SETUP_HINT = "run `bash .ci/browser-setup.sh` (as root) to install it"

# Where screenshots go; look at them after a run.
SCREENSHOT_DIR = Path(os.environ.get("BROWSER_SCREENSHOT_DIR", Path(tempfile.gettempdir()) / "relations-screenshots"))

# A strict Content-Security-Policy, as the site should be able to send one day: no inline scripts or
# styles, nothing from another origin (no CDN, no external fonts).
STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def in_ci():
    return os.environ.get("CI", "").lower() == "true"


def missing(*needs):
    """What of `needs` ("chromium", "selenium", "axe", "vnu") is not installed, as readable reasons."""
    reasons = []
    if "chromium" in needs:
        for path in (CHROMIUM, CHROMEDRIVER):
            if not os.access(path, os.X_OK):
                reasons.append(f"{path} not found (Debian packages chromium, chromium-driver)")
    if "selenium" in needs:
        try:
            import selenium  # noqa: F401
        except ImportError:
            reasons.append("Python package selenium not installed (requirements-browser.txt)")
    if "axe" in needs and not AXE_JS.is_file():
        reasons.append(f"{AXE_JS.relative_to(ROOT)} not found (npm ci)")
    if "vnu" in needs:
        if not VNU_JAR.is_file():
            reasons.append(f"{VNU_JAR.relative_to(ROOT)} not found (npm ci)")
        if not shutil.which("java"):
            reasons.append("java not found (Debian package default-jre-headless)")
    return reasons


def require(*needs):
    """Skip the calling test (fail it in CI) unless every one of `needs` is installed."""
    reasons = missing(*needs)
    if reasons:
        message = "browser test dependencies missing: " + "; ".join(reasons) + f"; {SETUP_HINT}"
        if in_ci():
            pytest.fail(message + " (CI=true: browser tests must run in CI)", pytrace=False)
        pytest.skip(message)


def chrome_driver(width=1280, height=900):
    """A headless Chromium driven by Debian's chromedriver; no Selenium Manager, no network but localhost."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="relations-chromium-")
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        "--disable-extensions",
        "--lang=en-GB",
        "--force-device-scale-factor=1",
        "--hide-scrollbars",
        # No smooth scrolling or transitions: WebDriver clicks land where the element is now.
        "--force-prefers-reduced-motion",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    driver._relations_profile = profile
    return driver


def quit_driver(driver):
    profile = getattr(driver, "_relations_profile", None)
    driver.quit()
    if profile:
        shutil.rmtree(profile, ignore_errors=True)


def set_viewport(driver, width, height=800):
    """Resize the window so that the page's viewport is `width` x `height` CSS pixels."""
    driver.set_window_size(width, height)
    # On a busy machine the page may still report its old size for a moment: a window's viewport
    # is never larger than the window, so wait for one that fits before measuring the chrome.
    inner_width, inner_height = wait_for(
        driver,
        lambda d: (
            (size := d.execute_script("return [window.innerWidth, window.innerHeight]"))
            and size[0] <= width
            and size[1] <= height
            and size
        ),
        f"the viewport did not shrink to {width}x{height}",
        10,
    )
    if (inner_width, inner_height) != (width, height):  # compensate for the window's own chrome, once
        driver.set_window_size(2 * width - inner_width, 2 * height - inner_height)


def run_axe(driver):
    """Inject axe-core into the current page, run it with its default rules, return the violations."""
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(AXE_JS.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ['violations']})
            .then(results => done({violations: results.violations}))
            .catch(error => done({error: String(error)}));
        """
    )
    if "error" in result:
        raise AssertionError(f"axe-core failed to run: {result['error']}")
    return result["violations"]


def format_axe(page, violations):
    """One line per failing element: page, rule, impact, target, message."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            message = node.get("failureSummary", "").replace("\n", " ").replace("Fix any of the following:", "")
            lines.append(
                f"{page}: [{violation['id']}, {violation['impact']}] {' '.join(map(str, node['target']))}: "
                f"{violation['help']}.{message} | {node['html'][:160]}"
            )
    return lines


def run_vnu(documents, files=()):
    """Check {name: html} and `files` (.html, .css, .svg) with the Nu Html Checker in one JVM.

    Return its errors as readable lines.
    """
    with tempfile.TemporaryDirectory(prefix="relations-vnu-") as folder:
        names = {}
        for number, (name, html) in enumerate(documents.items()):
            filename = f"{number:03d}-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}.html"
            (Path(folder) / filename).write_text(html, encoding="utf-8")
            names[filename] = name
        for number, path in enumerate(files):
            filename = f"file-{number:03d}-{Path(path).name}"
            shutil.copyfile(path, Path(folder) / filename)
            names[filename] = str(Path(path).relative_to(ROOT))
        completed = subprocess.run(
            [
                "java",
                "-jar",
                str(VNU_JAR),
                "--errors-only",
                "--also-check-css",
                "--also-check-svg",
                "--format",
                "json",
                "--stdout",
                *map(str, sorted(Path(folder).iterdir())),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        try:
            messages = json.loads(completed.stdout)["messages"]
        except (ValueError, KeyError):
            raise AssertionError(
                f"vnu did not answer in JSON (exit {completed.returncode}): {completed.stderr[:2000]}"
            ) from None
    lines = []
    for message in messages:
        url = message.get("url", "")
        name = names.get(url.rsplit("/", 1)[-1], url)
        where = f"line {message.get('lastLine', '?')}" if "lastLine" in message else "document"
        extract = " ".join(message.get("extract", "").split())[:160]
        lines.append(f"{name}: {where}: {message.get('type')}: {message.get('message')} | {extract}")
    return lines


def console_errors(driver):
    """The browser console's errors (SEVERE) since the last call: JS exceptions, CSP violations, failed loads."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


class StrictCSPMiddleware:
    """Test-only: sends STRICT_CSP on every response, so that Chromium reports whatever it would block."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", STRICT_CSP)
        return response


class BrowserTestCase(StaticLiveServerTestCase):
    """A live server with the seed article imported, and one headless Chromium per class.

    `serialized_rollback` restores the default periods and topics (a data migration) that the flush
    after each test of a live server test case would otherwise remove.
    """

    serialized_rollback = True
    needs = ("chromium", "selenium", "axe")
    driver = None

    @classmethod
    def setUpClass(cls):
        require(*cls.needs)
        super().setUpClass()
        cls.driver = chrome_driver()

    @classmethod
    def tearDownClass(cls):
        if cls.driver is not None:
            quit_driver(cls.driver)
            cls.driver = None
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        import_seed()
        set_viewport(self.driver, 1280)
        self.driver.get_log("browser")  # start each test with an empty console

    def open(self, path):
        self.driver.get(self.live_server_url + path)

    def screenshot(self, name, full_page=True):
        """Save a PNG of the page in SCREENSHOT_DIR (all of it, or only the viewport); return its path."""
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / f"{name}.png"
        if not full_page:
            self.driver.save_screenshot(str(path))
            return path
        width, height = self.driver.execute_script("return [window.innerWidth, window.innerHeight]")
        full = self.driver.execute_script("return document.documentElement.scrollHeight")
        set_viewport(self.driver, width, min(max(full, height), 10000))
        self.driver.save_screenshot(str(path))
        set_viewport(self.driver, width, height)
        return path


def import_seed():
    from django.core.management import call_command

    call_command("import_article", str(SEED), verbosity=0)


SERVER_ERROR_PATH = "/test-server-error/"


def _server_error(request):
    raise RuntimeError("a deliberate error, to show the 500 page")


def _urlpatterns():
    from django.urls import include, path

    return [path(SERVER_ERROR_PATH.strip("/") + "/", _server_error), path("", include("relations_site.urls"))]


# Test-only URLconf (ROOT_URLCONF = __name__): the site plus one URL that fails, to check the 500 page.
urlpatterns = _urlpatterns()


def page_types():
    """(name, path) of one page of every public page type, picked from the imported seed.

    "500" needs ROOT_URLCONF pointed at this module (see `urlpatterns`).
    """
    from articles.models import Article, Event, GlossaryEntry, Person

    article = Article.objects.published().first()
    event = (
        Event.objects.published()
        .filter(people__isnull=False, topics__isnull=False, period__isnull=False, section__isnull=False)
        .order_by("date", "slug")
        .first()
    )
    person = Person.objects.published().filter(events__isnull=False).order_by("slug").first()
    term = GlossaryEntry.objects.published().filter(sections__isnull=False).order_by("slug").first()
    for name, obj in [("article", article), ("event", event), ("person", person), ("term", term)]:
        assert obj is not None, f"the seed gave no {name} to check"
    period, topic = event.period, event.topics.order_by("slug").first()
    return [
        ("home", "/"),
        ("article", article.get_absolute_url()),
        ("timeline", "/events/"),
        ("timeline-filtered", f"/events/?topic={topic.slug}&period={period.slug}&ordering=newest"),
        ("timeline-empty", "/events/?q=zzqxjv"),
        ("event", event.get_absolute_url()),
        ("people", "/people/"),
        ("person", person.get_absolute_url()),
        ("glossary", "/glossary/"),
        ("glossary-entry", term.get_absolute_url()),
        ("period", period.get_absolute_url()),
        ("topic", topic.get_absolute_url()),
        ("periods", "/periods/"),
        ("topics", "/topics/"),
        ("search", "/search/?q=Gorbachev"),
        ("search-misspelt", "/search/?q=gorbachov"),
        ("search-empty", "/search/?q=zzqxjv"),
        ("404", "/no-such-page/"),
        ("500", SERVER_ERROR_PATH),
    ]


def expected_status(name):
    return {"404": 404, "500": 500}.get(name, 200)


# An editor's steps in the admin, for the browser tests of the editing flow.


def wait_for(driver, condition, message, timeout=10):
    """Wait until `condition(driver)` is true, and return its value.

    An element found on the page being left goes stale while the condition reads it; the
    condition is then asked again, on the page that replaced it.
    """
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(
        condition, message
    )


def page_left(element):
    """Return a wait condition that holds once `element`'s page has been replaced by another.

    Selenium's `staleness_of` knows only the stale-element error; mid-navigation, chromedriver
    can instead answer that the node "does not belong to the document", which means the same.
    """
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    def replaced(driver):
        try:
            element.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
        return False

    return replaced


def admin_sign_in(driver, base_url, username, password):
    """Sign in through the admin's login form."""
    driver.get(f"{base_url}/admin/login/?next=/admin/")
    driver.find_element("css selector", "#id_username").send_keys(username)
    driver.find_element("css selector", "#id_password").send_keys(password)
    driver.find_element("css selector", "#login-form [type=submit]").click()
    wait_for(driver, lambda d: "/admin/login/" not in d.current_url, f"{username} could not sign in to the admin")


def upload_portrait(driver, base_url, person, path, alt_text):
    """Give `person` a portrait as an editor does, and save the person.

    On the person's change form, the "+" beside Portrait opens the image form in a window of its own;
    the file at `path` is chosen there with its alt text and saved, which closes the window and
    selects the new image; then the person is saved (published, if it is live).
    """
    from django.urls import reverse

    driver.get(base_url + reverse("admin:articles_person_change", args=[person.pk]))
    person_window = driver.current_window_handle
    driver.find_element("css selector", "#add_id_portrait").click()
    wait_for(driver, lambda d: len(d.window_handles) > 1, "the image form's window did not open")
    driver.switch_to.window(next(handle for handle in driver.window_handles if handle != person_window))
    driver.find_element("css selector", "#id_file").send_keys(str(path))
    driver.find_element("css selector", "#id_alt_text").send_keys(alt_text)
    driver.find_element("css selector", "input[name=_save]").click()

    from selenium.common.exceptions import NoSuchWindowException

    def closed_or_refused(driver):
        if len(driver.window_handles) == 1:
            return True
        try:
            errors = driver.find_elements("css selector", ".errorlist")
        except NoSuchWindowException:  # it closed since the count above
            return True
        if errors:
            raise AssertionError("the image was refused: " + "; ".join(error.text for error in errors))
        return False

    wait_for(driver, closed_or_refused, "the image form's window did not close after saving")
    driver.switch_to.window(person_window)
    chosen = driver.find_element("css selector", "#id_portrait").get_attribute("value")
    assert chosen, "the new image was not selected as the portrait"
    # A published person's form publishes; a never-published one's saves.
    driver.find_element("css selector", "input[name=_publish], input[name=_save]").click()
    wait_for(driver, lambda d: d.find_elements("css selector", ".messagelist .success"), "the person was not saved")
    return int(chosen)
