"""Helpers both benchmark drivers use: the throwaway PostgreSQL database, what code is measured, the output."""

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def psql(sql):
    """Run one SQL statement as the local postgres user (creating and dropping benchmark databases)."""
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-q", "-c", sql],
        check=True,
        capture_output=True,
    )


def code_state(*paths):
    """Return (short HEAD, files with uncommitted changes under ``paths``, or anywhere when none)."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no", *paths], cwd=ROOT, capture_output=True, text=True
    )
    return head.stdout.strip(), [line[3:] for line in status.stdout.splitlines() if line.strip()]


def print_profiles_and_save(results, json_path):
    """Print each backend's profile, if one was taken, then write the results as JSON if asked."""
    for result in results:
        if "profile" in result:
            print(f"\n## profile, {result['backend']}\n{result.pop('profile')}")
    if json_path:
        json_path.write_text(json.dumps(results, indent=1) + "\n")
