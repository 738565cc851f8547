"""Load test: readers and editors at once against gunicorn, on SQLite and/or PostgreSQL.

    .venv/bin/python -m loadtests.run_load --database sqlite
    .venv/bin/python -m loadtests.run_load --database postgresql --postgres-url postgres://postgres@127.0.0.1:5432/relations_security
    .venv/bin/python -m loadtests.run_load --database sqlite --kill-worker-at 20

Each run makes its own database (a temporary SQLite file, or <name>_load beside the PostgreSQL
database named, dropped afterwards), imports the seed article, starts gunicorn with 2 workers on
127.0.0.1 and runs 50 readers and 2 editors for 60 seconds (all adjustable). It prints one JSON
report per database and exits 1 when a request got a 5xx answer or a saved edit is missing from
the history. Only 127.0.0.1 is contacted; every loop ends at the deadline.
"""

import argparse
import json
import sys

from loadtests import harness


def run(vendor, args):
    database = harness.make_database(vendor, args.postgres_url)
    try:
        env = harness.prepare_site(database, editors=args.editors)
        with harness.Gunicorn(env, workers=args.workers) as server:
            report = harness.run_load(
                server, env, readers=args.readers, editors=args.editors, seconds=args.seconds,
                kill_worker_at=args.kill_worker_at,
            )  # fmt: skip
        report = {"database": vendor, "workers": args.workers, "readers": args.readers, "editors": args.editors,
                  **report}  # fmt: skip
        return report
    finally:
        database.drop()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument("--postgres-url", default="", help="default: DATABASE_URL")
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--editors", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kill-worker-at", type=float, default=None, help="SIGKILL a worker after this many seconds")
    args = parser.parse_args(argv)
    vendors = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    failed = False
    for vendor in vendors:
        report = run(vendor, args)
        print(json.dumps(report, indent=2))
        failed |= bool(report["reads"]["server_errors"] or report["saves"]["server_errors"] or report["saves"]["lost"])
        failed |= report["saves"]["outcomes"].get("saved", 0) == 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
