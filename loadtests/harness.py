"""The pieces of the load and fault tests: a throw-away database, the site under gunicorn, an HTTP
client, readers and editors, a TCP proxy that can cut the database off, a SIGKILLed import.

Everything runs on 127.0.0.1 only, and every loop stops by itself (a deadline, a count). Standard
library only, besides the project's own requirements (psycopg, for PostgreSQL databases).
"""

import html.parser
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SEED = ROOT / "articles" / "sources" / "russia-south-korea-relations.txt"
HOST = "127.0.0.1"
EDITOR_PASSWORD = "load-test-editor-" + secrets.token_hex(8)
REQUEST_TIMEOUT = 30

# What readers ask for: every public page type, weighted towards the article and the timeline.
READER_PATHS = [
    ("/", 3), ("/articles/russia-south-korea-relations/", 4), ("/events/", 3), ("/events/?page=2", 1),
    ("/events/?ordering=newest", 1), ("/people/", 2), ("/glossary/", 2), ("/search/?q=Gorbachev", 1),
    ("/search/?q=trade+agreement", 1), ("/events/feed/", 1), ("/sitemap.xml", 1), ("/healthz", 1),
]  # fmt: skip


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# Databases.


@dataclass
class Database:
    """A database made for one run: a SQLite file in a temporary folder, or a PostgreSQL database."""

    url: str
    folder: Path
    admin_url: str = ""  # PostgreSQL: the maintenance database, to drop this one
    name: str = ""

    @property
    def vendor(self):
        return "postgresql" if self.url.startswith("postgres") else "sqlite"

    @property
    def sqlite_path(self):
        return Path(urlsplit(self.url).path) if self.vendor == "sqlite" else None

    def drop(self):
        if self.vendor == "postgresql":
            _postgres(self.admin_url, f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        shutil.rmtree(self.folder, ignore_errors=True)


def _postgres(admin_url, sql):
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql)


def make_database(vendor, postgres_url="", suffix="load"):
    """Create an empty database: SQLite in a temporary folder, or ``<name>_<suffix>`` beside
    the PostgreSQL database that ``postgres_url`` names (dropped first if a run left it)."""
    folder = Path(tempfile.mkdtemp(prefix=f"relations-{suffix}-"))
    if vendor == "sqlite":
        return Database(url=f"sqlite:///{folder / 'site.sqlite3'}", folder=folder)
    parts = urlsplit(postgres_url or os.environ.get("DATABASE_URL", ""))
    if not parts.scheme.startswith("postgres"):
        raise SystemExit("PostgreSQL runs need a postgres:// URL (--postgres-url or DATABASE_URL)")
    name = f"{parts.path.strip('/') or 'relations'}_{suffix}"
    admin_url = parts._replace(path="/postgres").geturl()
    _postgres(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _postgres(admin_url, f'CREATE DATABASE "{name}"')
    return Database(url=parts._replace(path=f"/{name}").geturl(), folder=folder, admin_url=admin_url, name=name)


def site_environment(database_url, static_root, **changes):
    """The environment of a production start on plain HTTP at 127.0.0.1."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(static_root),
        # This site's own cache folder (the page cache's content generation), beside its database.
        "LOCAL_CACHE_DIR": str(Path(static_root).parent / "cache"),
        # Plain HTTP on the loopback: no TLS to redirect to, no secure-only cookies.
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    env.update({name: str(value) for name, value in changes.items()})
    return env


def manage(*args, env, check=True, timeout=600):
    completed = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if check and completed.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{completed.stdout}\n{completed.stderr}")
    return completed


def prepare_site(database, editors=2):
    """Migrate, import the seed, collect static files, create the editors; return the environment."""
    env = site_environment(database.url, database.folder / "static")
    # Static files first: with DEBUG off, URLs name hashed files that must exist before any command.
    manage("collectstatic", "--noinput", env=env)
    manage("migrate", "--noinput", env=env)
    manage("import_article", str(SEED), env=env)
    code = (
        "from django.contrib.auth import get_user_model; User = get_user_model()\n"
        f"for number in range({editors}):\n"
        f"    User.objects.create_superuser(f'editor{{number}}', f'editor{{number}}@example.org', {EDITOR_PASSWORD!r})\n"
    )
    manage("shell", "-c", code, env=env)
    return env


# The server.


class Gunicorn:
    """The site under gunicorn on 127.0.0.1, as production runs it (sync workers)."""

    def __init__(self, env, workers=2, port=None, log_path=None):
        self.env, self.workers = env, workers
        self.port = port or free_port()
        # Beside the run's database (dropped with it), unless told otherwise.
        folder = Path(env["STATIC_ROOT"]).parent if "STATIC_ROOT" in env else Path(tempfile.mkdtemp())
        self.log_path = log_path or folder / "gunicorn.log"
        self.process = None

    def start(self, timeout=60):
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [
                PYTHON, "-m", "gunicorn", "relations_site.wsgi", "--workers", str(self.workers),
                "--bind", f"{HOST}:{self.port}", "--timeout", "30", "--graceful-timeout", "5",
                "--backlog", "256",
            ],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: see {self.log_path}")
            try:
                if get(self.port, "/healthz", timeout=5).status == 200 and len(self.worker_pids()) == self.workers:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer in {timeout} s: see {self.log_path}")

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def kill_worker(self):
        """SIGKILL one worker, as the kernel's OOM killer would; return its pid."""
        pid = self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if getattr(self, "log", None):
            self.log.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


# HTTP.


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    seconds: float

    def text(self):
        return self.body.decode("utf-8", "replace")


def request(port, method, path, *, body=None, headers=None, timeout=REQUEST_TIMEOUT):
    """One request on a new connection (gunicorn's sync workers close every connection)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        answer = connection.getresponse()
        data = answer.read()
        headers = {name.lower(): value for name, value in answer.getheaders()}
        headers["set-cookie"] = answer.headers.get_all("Set-Cookie") or []
        return Response(answer.status, headers, data, time.perf_counter() - started)
    finally:
        connection.close()


def get(port, path, **kwargs):
    return request(port, "GET", path, **kwargs)


class FormReader(html.parser.HTMLParser):
    """The fields of the first form whose id ends in ``_form``, as a browser would post them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields, self.in_form, self.textarea, self.select = [], False, None, None
        self.errors = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "errornote" in (attributes.get("class") or "") or "errorlist" in (attributes.get("class") or ""):
            self.errors += 1
        if tag == "form" and (attributes.get("id") or "").endswith("_form"):
            self.in_form = True
        if not self.in_form or "name" not in attributes and tag in ("input", "textarea", "select"):
            return
        if tag == "input":
            kind = (attributes.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            self.fields.append((attributes["name"], attributes.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self.textarea = [attributes["name"], ""]
        elif tag == "select":
            self.select = attributes["name"]
        elif tag == "option" and self.select and "selected" in attributes:
            self.fields.append((self.select, attributes.get("value", "")))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            # A browser drops the one newline that follows <textarea>.
            self.fields.append((name, text[1:] if text.startswith("\n") else text))
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.in_form = False


def read_form(text):
    reader = FormReader()
    reader.feed(text)
    return reader


class Session:
    """An editor's browser: cookies, the CSRF token, sign-in."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def _remember(self, response):
        for header in response.headers["set-cookie"]:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def request(self, method, path, data=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
        response = request(self.port, method, path, body=body, headers=headers)
        self._remember(response)
        return response

    def sign_in(self, username, password=EDITOR_PASSWORD):
        self.request("GET", "/admin/login/")
        response = self.request(
            "POST",
            "/admin/login/?next=/admin/",
            {"username": username, "password": password, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")},
        )
        if response.status != 302:
            raise RuntimeError(f"{username} could not sign in: {response.status}")


# Load.


@dataclass
class Results:
    """What every request of a run gave."""

    reads: list = field(default_factory=list)  # (seconds, status, path), status 0 = no answer
    saves: list = field(default_factory=list)  # (seconds, status, marker, outcome)
    failures: list = field(default_factory=list)  # (time, who, what)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add_read(self, seconds, status, path):
        with self.lock:
            self.reads.append((time.monotonic(), seconds, status, path))

    def add_save(self, seconds, status, marker, outcome):
        with self.lock:
            self.saves.append((time.monotonic(), seconds, status, marker, outcome))

    def add_failure(self, who, what):
        with self.lock:
            self.failures.append((time.monotonic(), who, what))


def percentile(values, fraction):
    values = sorted(values)
    if not values:
        return None
    return values[min(len(values) - 1, int(fraction * len(values)))]


def reader(port, deadline, results, rng):
    paths, weights = zip(*READER_PATHS, strict=True)
    while time.monotonic() < deadline:
        path = rng.choices(paths, weights)[0]
        try:
            response = get(port, path)
        except OSError as error:
            results.add_read(0.0, 0, path)
            results.add_failure("reader", f"{path}: {type(error).__name__}: {error}")
            time.sleep(0.05)
            continue
        results.add_read(response.seconds, response.status, path)


def editor(port, name, section_ids, deadline, results, rng, pause=0.2):
    """Sign in, then open a section's change form, change its body and save it, until the deadline.

    Both editors work on the same few sections, so their saves meet: a save refused because the
    other editor saved first (the form shows an error) is a conflict, not a lost edit.
    """
    session = Session(port)
    session.sign_in(name)
    count = 0
    while time.monotonic() < deadline:
        section_id = rng.choice(section_ids)
        path = f"/admin/articles/section/{section_id}/change/"
        count += 1
        marker = f"[load-edit {name}-{count}-{secrets.token_hex(3)}]"
        try:
            form = session.request("GET", path)
            if form.status != 200:
                results.add_save(form.seconds, form.status, marker, "form-failed")
                continue
            fields = [(key, value) for key, value in read_form(form.text()).fields]
            body = next(value for key, value in fields if key == "body")
            body = re.sub(r"\n\n\[load-edit [^\]]*\]$", "", body) + f"\n\n{marker}"
            fields = [(key, body if key == "body" else value) for key, value in fields] + [("_save", "Save")]
            response = session.request("POST", path, fields)
        except OSError as error:
            results.add_failure(name, f"{type(error).__name__}: {error}")
            time.sleep(pause)
            continue
        if response.status == 302:
            outcome = "saved"
        elif response.status == 200 and read_form(response.text()).errors:
            outcome = "conflict"
        else:
            outcome = "error"
        results.add_save(response.seconds, response.status, marker, outcome)
        time.sleep(pause * rng.random())


def section_ids(env, count=3):
    code = (
        "from articles.models import Section; import json; "
        f"print(json.dumps(list(Section.objects.order_by('order').values_list('pk', flat=True)[1:{count + 1}])))"
    )
    return json.loads(manage("shell", "-c", code, env=env).stdout.strip().splitlines()[-1])


def markers_in_history(env):
    """Every load-edit marker found in the sections' history (django-simple-history)."""
    code = (
        "import json, re; from articles.models import Section\n"
        "found = set()\n"
        "for body in Section.history.values_list('body', flat=True):\n"
        "    found.update(re.findall(r'\\[load-edit [^\\]]*\\]', body))\n"
        "print(json.dumps(sorted(found)))"
    )
    return set(json.loads(manage("shell", "-c", code, env=env).stdout.strip().splitlines()[-1]))


def run_load(server, env, *, readers=50, editors=2, seconds=60, kill_worker_at=None, fault_at=None, fault=None, seed=1):
    """Readers and editors at once for ``seconds``; optionally SIGKILL a worker on the way, or call
    ``fault()`` (cut Redis, say) ``fault_at`` seconds in."""
    results = Results()
    ids = section_ids(env)
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=reader, args=(server.port, deadline, results, random.Random(f"{seed}:r{i}")))
        for i in range(readers)
    ]
    threads += [
        threading.Thread(
            target=editor, args=(server.port, f"editor{i}", ids, deadline, results, random.Random(f"{seed}:e{i}"))
        )
        for i in range(editors)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    killed = faulted = None
    if kill_worker_at is not None:
        time.sleep(kill_worker_at)
        killed = (time.monotonic() - started, server.kill_worker())
    elif fault_at is not None:
        time.sleep(fault_at)
        fault()
        faulted = time.monotonic() - started
    for thread in threads:
        thread.join(seconds + 2 * REQUEST_TIMEOUT)
    report = summarize(results, started, time.monotonic() - started)
    saved = {save[3] for save in results.saves if save[4] == "saved"}
    history = markers_in_history(env)
    report["saves"]["lost"] = sorted(saved - history)
    if faulted is not None:
        after = [read for read in results.reads if read[0] - started > faulted]
        report["fault"] = {
            "at_seconds": round(faulted, 1),
            "reads_after": len(after),
            "ok_after": sum(1 for read in after if read[2] == 200),
            "server_errors_after": sum(1 for read in after if read[2] and read[2] >= 500),
            "read_p95_ms_after": _ms(percentile([read[1] for read in after if read[2]], 0.95)),
        }
    if killed:
        at, pid = killed
        after = [read for read in results.reads if read[0] - started > at + 1]
        report["worker_killed"] = {
            "at_seconds": round(at, 1),
            "pid": pid,
            "reads_after_kill": len(after),
            "ok_after_kill": sum(1 for read in after if read[2] == 200),
            "workers_now": len(server.worker_pids()),
        }
    return report


def summarize(results, started, elapsed):
    statuses = {}
    for _, _, status, _ in results.reads:
        statuses[status] = statuses.get(status, 0) + 1
    answered = [seconds for _, seconds, status, _ in results.reads if status]
    outcomes = {}
    for save in results.saves:
        outcomes[save[4]] = outcomes.get(save[4], 0) + 1
    save_times = [save[1] for save in results.saves if save[4] == "saved"]
    return {
        "seconds": round(elapsed, 1),
        "reads": {
            "count": len(results.reads),
            "per_second": round(len(results.reads) / elapsed, 1),
            "statuses": {str(key): value for key, value in sorted(statuses.items())},
            "server_errors": sum(value for key, value in statuses.items() if key >= 500),
            "no_answer": statuses.get(0, 0),
            "p50_ms": _ms(percentile(answered, 0.50)),
            "p95_ms": _ms(percentile(answered, 0.95)),
            "p99_ms": _ms(percentile(answered, 0.99)),
            "max_ms": _ms(max(answered) if answered else None),
        },
        "saves": {
            "attempts": len(results.saves),
            "outcomes": outcomes,
            "server_errors": sum(1 for save in results.saves if save[2] >= 500),
            "p95_ms": _ms(percentile(save_times, 0.95)),
        },
        "failures": [f"{round(at - started, 1)}s {who}: {what}" for at, who, what in results.failures[:20]],
    }


def _ms(seconds):
    return None if seconds is None else round(seconds * 1000, 1)


# Faults.


class TcpProxy:
    """A TCP relay 127.0.0.1:port -> target, that can cut every connection and refuse new ones.

    Stands between the site and PostgreSQL, so that "the database is unreachable" is a real
    network failure, without stopping the machine's PostgreSQL.
    """

    def __init__(self, target_host, target_port, port=None):
        self.target = (target_host, target_port)
        self.port = port or free_port()
        self.listener, self.connections, self.lock = None, [], threading.Lock()
        self.thread = None

    def start(self):
        self.listener = socket.create_server((HOST, self.port), reuse_port=False)
        self.listener.settimeout(0.2)
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()
        return self

    def _accept(self):
        while self.running:
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.connections += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self):
        """Refuse new connections and break the open ones: the database is gone."""
        self.running = False
        self.listener.close()
        self.thread.join(2)
        with self.lock:
            for connection in self.connections:
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                    connection.close()
                except OSError:
                    pass
            self.connections = []

    def restore(self):
        self.start()

    def stop(self):
        if self.running:
            self.cut()


class SqliteOutage:
    """Make a SQLite database unreachable: its file moved away and a folder in its place."""

    def __init__(self, path):
        self.path = Path(path)
        self.aside = self.path.with_name(self.path.name + ".aside")

    def cut(self):
        self.aside.mkdir()
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{self.path}{suffix}")
            if source.exists():
                source.rename(self.aside / source.name)
        self.path.mkdir()  # "unable to open database file"

    def restore(self):
        self.path.rmdir()
        for moved in self.aside.iterdir():
            moved.rename(self.path.with_name(moved.name))
        self.aside.rmdir()


def poll_until(port, path, status, timeout=30):
    """Ask for ``path`` until it answers ``status``; return seconds taken, or None."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if get(port, path, timeout=10).status == status:
                return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.2)
    return None


INTERRUPTED_IMPORT = """
import os, sys, time
import django
django.setup()
from articles.services import snapshot_writer
original = snapshot_writer.SnapshotWriter.upsert
def upsert_then_wait(self, model, records, **kwargs):
    result = original(self, model, records, **kwargs)
    if model.__name__ == os.environ["STOP_AFTER_MODEL"]:
        print("MIDWAY", flush=True)
        time.sleep(120)  # the test SIGKILLs this process here, inside the import's transaction
    return result
snapshot_writer.SnapshotWriter.upsert = upsert_then_wait
from django.core.management import call_command
call_command("import_article", sys.argv[1], verbosity=0)
"""


def import_killed_midway(env, source, stop_after_model="Section", timeout=120):
    """Start an import of ``source``, SIGKILL it once it has written ``stop_after_model``'s rows."""
    process = subprocess.Popen(
        [PYTHON, "-c", INTERRUPTED_IMPORT, str(source)],
        cwd=ROOT,
        env={**env, "STOP_AFTER_MODEL": stop_after_model, "DJANGO_SETTINGS_MODULE": "relations_site.settings"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + timeout
    try:
        line = process.stdout.readline()
        if line.strip() != "MIDWAY":
            raise RuntimeError(f"the import did not reach {stop_after_model}: {line!r} {process.stderr.read()}")
        os.kill(process.pid, signal.SIGKILL)
        process.wait(max(1, deadline - time.monotonic()))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process.returncode


def database_dump(env):
    """Every row of the site's own tables and their history, as JSON text (dumpdata)."""
    return manage("dumpdata", "articles", "auth.user", "--indent", "1", env=env).stdout


def generated_article(folder, seed="faults"):
    """Write one synthetic article in the captured format (benchmarks.generate_articles); return its path."""
    subprocess.run(
        [PYTHON, "-m", "benchmarks.generate_articles", "--count", "1", "--out", str(folder), "--seed", seed,
         "--crlf-share", "0", "--bom-share", "0"],
        cwd=ROOT, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return next(path for path in Path(folder).rglob("*.txt"))
