"""Helpers both benchmark drivers use: the throwaway PostgreSQL database and what code is measured."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def psql(sql):
    """Run one SQL statement as the local postgres user (creating and dropping benchmark databases)."""
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-q", "-c", sql],
                   check=True, capture_output=True)


def code_state(*paths):
    """Return (short HEAD, files with uncommitted changes under ``paths``, or anywhere when none)."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", *paths], cwd=ROOT,
                            capture_output=True, text=True)
    return head.stdout.strip(), [line[3:] for line in status.stdout.splitlines() if line.strip()]
