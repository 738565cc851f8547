"""Load test: readers and editors at once against gunicorn, on SQLite and/or PostgreSQL.

    .venv/bin/python -m loadtests.run_load --database sqlite
    .venv/bin/python -m loadtests.run_load --database postgresql --postgres-url postgres://postgres@127.0.0.1:5432/relations_security
    .venv/bin/python -m loadtests.run_load --database sqlite --kill-worker-at 20
    .venv/bin/python -m loadtests.run_load --redis-url redis://127.0.0.1:6379/12 --stop-redis-at 30

Each run makes its own database (a temporary SQLite file, or <name>_load beside the PostgreSQL
database named, dropped afterwards), imports the seed article, starts gunicorn with 2 workers on
127.0.0.1 and runs 50 readers and 2 editors for 60 seconds (all adjustable). It prints one JSON
report per database and exits 1 when a request got a 5xx answer or a saved edit is missing from
the history. Only 127.0.0.1 is contacted; every loop ends at the deadline.
"""

import argparse
import json
import sys
from urllib.parse import urlsplit

from loadtests import harness


def run(vendor, args):
    database = harness.make_database(vendor, args.postgres_url)
    redis = None
    try:
        env = harness.prepare_site(database, editors=args.editors)
        server_env = env
        if args.redis_url:
            # Through a relay that can cut it: Redis "stops" for the site, not for the machine.
            target = urlsplit(args.redis_url)
            redis = harness.TcpProxy(target.hostname, target.port or 6379).start()
            address = target._replace(netloc=f"127.0.0.1:{redis.port}").geturl()
            server_env = {**env, "REDIS_URL": address}
        with harness.Gunicorn(server_env, workers=args.workers) as server:
            report = harness.run_load(
                server, env, readers=args.readers, editors=args.editors, seconds=args.seconds,
                kill_worker_at=args.kill_worker_at,
                fault_at=args.stop_redis_at if redis else None, fault=redis.cut if redis else None,
            )  # fmt: skip
        report = {"database": vendor, "workers": args.workers, "readers": args.readers, "editors": args.editors,
                  "redis": bool(redis), **report}  # fmt: skip
        return report
    finally:
        if redis:
            redis.stop()
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
    parser.add_argument("--redis-url", default="", help="cache in this Redis (reached through a relay of its own)")
    parser.add_argument("--stop-redis-at", type=float, default=None, help="with --redis-url: cut Redis off then")
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
