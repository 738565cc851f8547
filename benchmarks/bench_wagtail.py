"""Every public page type with every cache off, side by side with a stock Wagtail page, in one run.

    .venv/bin/python benchmarks/bench_wagtail.py [--duration 5] [--connections 16]
        [--backend sqlite|postgres] [--wagtail-venv DIR] [--json results.json]

Serves, each with gunicorn and 2 workers on 127.0.0.1:

- this site on the shipped article (a database made for the run: ``bench_pages.py prepare
  --scale 1``), with ``PAGE_CACHE_SECONDS=0`` and a dummy cache backend
  (``benchmarks.uncached_settings``): every request renders its page and recomputes everything;
- the peer: a minimal Wagtail 7 project made in a temporary folder (``wagtail start``), whose
  home page holds the same article in a ``RichTextField``: each section a heading and its
  paragraphs, each glossary link a rich-text link to a page of its own (one per term, as the
  site's glossary entries are), on SQLite, with the settings for production that Wagtail
  generates (no page cache; Django's default local-memory cache, where Wagtail keeps its sites'
  root paths: a dummy one made it recompute them for every link, 6 times slower). Wagtail is installed from PyPI with pip in a virtual environment made for the
  run (``--wagtail-venv DIR`` keeps it, and reuses it on the next run): a benchmark-only
  dependency, never one of the project's.

Then, for each page type (article, timeline with filters, event, person, glossary, glossary entry,
period, topic, search, home), ``wrk -t2 -c16`` for ``--duration`` seconds (at most 10, each run
ended by ``timeout`` should it hang) on the Wagtail page, then on the site's page: each ratio
compares two runs a few seconds apart, which a busy machine disturbs alike; so does the CPU time
the workers used per request (read from /proc), which leaves out the time they waited for a CPU
another process held: on a saturated machine, the steadier of the two. Prints a Markdown
table; every server is stopped and the folder and databases made for the run are removed at the
end. Needs wrk (``apt-get install wrk``), and for ``--backend postgres`` a server on
127.0.0.1:5432 that lets the postgres user in (database ``relations_wagtail_bench``, or
``WAGTAIL_BENCH_PG_DATABASE``: two runs at once need two names).
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.common import code_state, psql  # noqa: E402  (run as a script: the repo on the path first)

WAGTAIL = "wagtail>=7,<8"
GUNICORN = "gunicorn"
PG_DATABASE = os.environ.get("WAGTAIL_BENCH_PG_DATABASE", "relations_wagtail_bench")
SITE_PORT = int(os.environ.get("SITE_PORT", 8821))
PEER_PORT = int(os.environ.get("PEER_PORT", 8822))

# The peer: the stock project of `wagtail start`, its home page given a rich-text body, and a
# page model for the glossary terms the body links to.
PEER_MODELS = """\
from django.db import models
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    body = RichTextField(blank=True)


class TermPage(Page):
    definition = models.TextField(blank=True)
"""
PEER_TEMPLATE = """\
{% extends "base.html" %}
{% load wagtailcore_tags %}

{% block body_class %}template-homepage{% endblock %}

{% block content %}
<article>
  <h1>{{ page.title }}</h1>
  {{ page.body|richtext }}
</article>
{% endblock %}
"""
PEER_LOCAL_SETTINGS = """\
SECRET_KEY = "benchmark-only"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
"""
# Run in the peer's `manage.py shell`: the article (JSON on standard input) into the home page.
PEER_LOAD = """\
import json, re, sys
from django.utils.html import escape
from home.models import HomePage, TermPage

article = json.load(sys.stdin)
home = HomePage.objects.get(depth=2)
ids = {}
for slug, term in article["terms"].items():
    page = home.add_child(instance=TermPage(title=term["term"], slug=slug, definition=term["definition"]))
    ids[slug] = page.id
def link(match):
    slug, text = match.group(1), match.group(2)
    if slug in ids:
        return f'<a linktype="page" id="{ids[slug]}">{text}</a>'
    return text
html = []
for section in article["sections"]:
    if section["title"]:
        html.append(f"<h2>{escape(section['title'])}</h2>")
    for paragraph in section["paragraphs"]:
        html.append("<p>" + re.sub(r"\\x00([^\\x01]*)\\x01([^\\x02]*)\\x02", link, paragraph) + "</p>")
home.title = article["title"]
home.body = "".join(html)
home.save_revision().publish()
print(f"{len(ids)} term pages, {sum(p.count(chr(0)) for s in article['sections'] for p in s['paragraphs'])} links")
"""


def say(message):
    print(f"==> {message}", file=sys.stderr, flush=True)


def run(command, **kwargs):
    return subprocess.run(command, check=True, **kwargs)


# --- this site ----------------------------------------------------------------------------------


def site_environment(database_url, work):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE", "PAGE_CACHE_SECONDS")
    }
    return dict(
        env,
        DEBUG="false",
        SECRET_KEY="benchmark-only",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        DATABASE_URL=database_url,
        CONN_MAX_AGE="60",
        STATIC_ROOT=str(work / "static"),
        LOCAL_CACHE_DIR=str(work / "cache"),
        LOG_LEVEL="WARNING",
        PAGE_CACHE_SECONDS="0",
        DJANGO_SETTINGS_MODULE="benchmarks.uncached_settings",
    )


def describe_site():
    """In a process set up for the site's database: print the page URLs and the article as JSON."""
    import django

    django.setup()
    from django.utils.html import escape

    from articles import markup
    from articles.models import Article, GlossaryEntry
    from articles.public.selectors import glossary_for_bodies
    from benchmarks.bench_pages import page_list

    urls = {label: url for label, _kind, url in page_list()}
    pages = [
        ("article", urls["article"]),
        ("timeline, period + topic filters", urls["timeline, every filter"].split("&year_from")[0]),
        ("timeline, every filter", urls["timeline, every filter"]),
        ("event", urls["event"]),
        ("person", urls["person"]),
        ("glossary", urls["glossary"]),
        ("glossary entry", urls["glossary entry"]),
        ("period", urls["period"]),
        ("topic", urls["topic"]),
        ("search", "/search/?q=president+visit"),
        ("home", urls["home"]),
    ]
    article = Article.objects.published().order_by("pk").first()
    sections = list(article.sections.published().order_by("order"))
    resolve = glossary_for_bodies([section.body for section in sections])

    def marked(paragraph):
        # Each link as \0slug\1text\2 around escaped text: the peer makes it a rich-text page link.
        parts, position = [], 0
        for match in markup.LINK.finditer(paragraph):
            link = markup._link(match)
            resolved = resolve(link)
            parts.append(escape(paragraph[position : match.start()]))
            parts.append(f"\0{resolved[1]}\1{escape(link.text)}\2" if resolved else escape(link.text))
            position = match.end()
        parts.append(escape(paragraph[position:]))
        return "".join(parts)

    terms = {entry.slug: {"term": entry.term, "definition": entry.definition} for entry in resolve.entries}
    content = {
        "title": article.title,
        "sections": [
            {
                "title": "" if section.is_lead else section.title,
                "paragraphs": list(map(marked, markup.paragraphs(section.body))),
            }
            for section in sections
        ],
        "terms": terms,
        "glossary_entries": GlossaryEntry.objects.published().count(),
    }
    print(json.dumps({"pages": pages, "article": content}))


def build_site(args, work):
    if args.backend == "postgres":
        psql(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        psql(f"CREATE DATABASE {PG_DATABASE}")
        database_url = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
    else:
        database_url = f"sqlite:///{work / 'site.sqlite3'}"
    say(f"Building the site's {args.backend} database: the shipped article")
    command = [sys.executable, "benchmarks/bench_pages.py", "prepare", "--scale", "1"]
    run(command + ["--database-url", database_url, "--static-root", str(work / "static")], cwd=ROOT)
    env = site_environment(database_url, work)
    described = run([sys.executable, __file__, "--describe"], env=env, cwd=ROOT, capture_output=True, text=True)
    return env, json.loads(described.stdout)


# --- the Wagtail peer ---------------------------------------------------------------------------


def build_peer(args, work, article):
    venv = args.wagtail_venv or work / "wagtail-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        say(f"Installing {WAGTAIL} and {GUNICORN} from PyPI into {venv}")
        run([sys.executable, "-m", "venv", str(venv)])
        run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", WAGTAIL, GUNICORN])
    version = run(
        [str(python), "-c", "import wagtail, django; print(wagtail.__version__, django.__version__)"],
        capture_output=True,
        text=True,
    ).stdout.split()
    project = work / "peer"
    project.mkdir()
    say(f"Making the peer: wagtail start (Wagtail {version[0]}, Django {version[1]})")
    run([str(venv / "bin" / "wagtail"), "start", "peer", str(project)], capture_output=True)
    (project / "home" / "models.py").write_text(PEER_MODELS)
    (project / "home" / "templates" / "home" / "home_page.html").write_text(PEER_TEMPLATE)
    (project / "peer" / "settings" / "local.py").write_text(PEER_LOCAL_SETTINGS)
    env = {key: value for key, value in os.environ.items() if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    env["DJANGO_SETTINGS_MODULE"] = "peer.settings.production"
    manage = [str(python), "manage.py"]
    quiet = {"cwd": project, "env": env, "capture_output": True}
    run(manage + ["makemigrations", "home", "--noinput"], **quiet)
    run(manage + ["migrate", "--noinput"], **quiet)
    run(manage + ["collectstatic", "--noinput"], **quiet)
    loaded = run(manage + ["shell", "-c", PEER_LOAD], input=json.dumps(article).encode(), **quiet)
    say(f"Peer page: {loaded.stdout.decode().strip().splitlines()[-1]}")
    return venv, project, env, {"wagtail": version[0], "django": version[1]}


# --- serving and measuring ----------------------------------------------------------------------


def serve(stack, command, env, cwd, port, log):
    handle = open(log, "wb")  # noqa: SIM115  (closed by the stack)
    stack.callback(handle.close)
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=handle, stderr=subprocess.STDOUT)
    stack.callback(stop, process)
    for _ in range(150):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                if response.status == 200:
                    return process
        except OSError:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.2)
    raise SystemExit(f"bench_wagtail: the server on port {port} did not start:\n{Path(log).read_text()[-2000:]}")


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def gunicorn(python, application, port):
    return [
        str(python),
        "-m",
        "gunicorn",
        application,
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--error-logfile",
        "-",
    ]


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"bench_wagtail: {url} answered {response.status}")
        return body


def workers_cpu_seconds(server):
    """Return the CPU time (user + system) the server's worker processes have used so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # a process that ended meanwhile
        if int(fields[1]) == server.pid:  # the parent: gunicorn's master
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def wrk(url, args, server):
    """Return (requests/s, p50 ms, p99 ms, errors, the workers' CPU ms per request) of ``wrk -t2`` on ``url``.

    The CPU time per request is what a busy machine disturbs least: it leaves out the time a
    worker waited for a CPU that another process held.
    """
    for _ in range(4):
        fetch(url)  # warm up both workers
    cpu_before = workers_cpu_seconds(server)
    output = subprocess.run(
        ["timeout", str(args.duration + 10), "wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s"]
        + ["--timeout", "5s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout

    def ms(value):  # wrk writes 812.00us, 4.20ms or 1.02s
        number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
        return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = int(bad.group(1)) if bad else 0
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    cpu_ms = (workers_cpu_seconds(server) - cpu_before) * 1000 / max(requests, 1)
    return rate, p50, p99, errors, cpu_ms


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run (1 to 10)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite", help="the site's database")
    parser.add_argument("--wagtail-venv", type=Path, help="keep Wagtail's virtual environment here (reused when there)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--describe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.describe:
        return describe_site()
    if not 1 <= args.duration <= 10:
        raise SystemExit("bench_wagtail: --duration must be 1 to 10 seconds")
    if shutil.which("wrk") is None:
        raise SystemExit("bench_wagtail: wrk is needed (apt-get install wrk)")

    work = Path(tempfile.mkdtemp(prefix="relations-wagtail-"))
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, work, ignore_errors=True)
        if args.backend == "postgres":
            stack.callback(psql, f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        site_env, described = build_site(args, work)
        venv, project, peer_env, versions = build_peer(args, work, described["article"])

        say("Serving both, gunicorn with 2 workers each")
        site_python = Path(sys.executable)
        site_server = serve(
            stack,
            gunicorn(site_python, "relations_site.wsgi:application", SITE_PORT),
            site_env,
            ROOT,
            SITE_PORT,
            work / "site.log",
        )
        peer_server = serve(
            stack,
            gunicorn(venv / "bin" / "python", "peer.wsgi:application", PEER_PORT),
            peer_env,
            project,
            PEER_PORT,
            work / "peer.log",
        )
        peer_url = f"http://127.0.0.1:{PEER_PORT}/"
        peer_bytes = len(fetch(peer_url))
        rows = []
        for label, path in described["pages"]:
            url = f"http://127.0.0.1:{SITE_PORT}{path}"
            size = len(fetch(url))
            say(f"wrk: the Wagtail page, then {label} ({path}), {args.duration} s each")
            peer = wrk(peer_url, args, peer_server)
            site = wrk(url, args, site_server)
            rows.append({"page": label, "path": path, "bytes": size, "site": site, "peer": peer})

    head, dirty = code_state("articles", "relations_site", "templates")
    print(
        f"\n{os.cpu_count()} CPUs; code at {head}{f' with {len(dirty)} files changed' if dirty else ''}; "
        f"site on {args.backend}, the shipped article; Wagtail {versions['wagtail']} (Django {versions['django']}) "
        f"on SQLite, its page {peer_bytes:,} bytes; gunicorn 2 workers each; "
        f"wrk -t2 -c{args.connections} -d{args.duration}s on 127.0.0.1; load average {' '.join(f'{load:.2f}' for load in os.getloadavg())}\n"
    )
    print(
        "| page | site req/s | Wagtail req/s (run just before) | ratio | site CPU ms / request | "
        "Wagtail CPU ms / request | ratio of CPU per request (Wagtail / site) | site p50 / p99 ms | bytes | errors |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        site, peer = row["site"], row["peer"]
        print(
            f"| {row['page']} | {site[0]:.0f} | {peer[0]:.0f} | {site[0] / peer[0]:.2f} | {site[4]:.1f} | "
            f"{peer[4]:.1f} | {peer[4] / site[4]:.2f} | {site[1]:.1f} / {site[2]:.1f} | {row['bytes']:,} | "
            f"{site[3] + peer[3]} |"
        )
    lowest = min(rows, key=lambda row: row["site"][0] / row["peer"][0])
    print(f"\nLowest ratio of requests/s: {lowest['page']}, {lowest['site'][0] / lowest['peer'][0]:.2f}")
    lowest = min(rows, key=lambda row: row["peer"][4] / row["site"][4])
    print(f"Lowest ratio of CPU per request: {lowest['page']}, {lowest['peer'][4] / lowest['site'][4]:.2f}")
    if args.json:
        args.json.write_text(json.dumps({"versions": versions, "rows": rows}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
