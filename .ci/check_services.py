"""Check that the services the test suites need answer; name each one that does not.

    .venv/bin/python .ci/check_services.py POSTGRES_URL REDIS_URL

Exits 0 when PostgreSQL and Redis both answer, else 1 with one line per missing service.
"""

import sys
from urllib.parse import urlsplit

import psycopg
import redis


def missing_services(postgres_url, redis_url):
    missing = []
    server = urlsplit(postgres_url)._replace(scheme="postgresql", path="/postgres").geturl()
    try:
        psycopg.connect(server, connect_timeout=3).close()
    except psycopg.Error as error:
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
        missing.append(
            f"PostgreSQL does not answer at {server} ({reason}): start it (pg_ctlcluster VERSION main start)"
        )
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        missing.append(f"Redis does not answer at {redis_url} ({error}): start it (redis-server --daemonize yes)")
    return missing


if __name__ == "__main__":
    problems = missing_services(*sys.argv[1:3])
    for problem in problems:
        print(f"ci: missing service: {problem}", file=sys.stderr)
    if not problems:
        print("PostgreSQL and Redis answer.")
    sys.exit(1 if problems else 0)
