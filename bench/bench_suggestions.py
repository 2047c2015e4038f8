"""Suggestion quality: runs `evaluate_suggestions` on a fresh scratch database (SQLite in
memory; PostgreSQL when DATABASE_URL is set), so `make bench` needs no migrated database. The
command itself also works on a real database (it rolls back). Options are the command's.

    uv run python bench/bench_suggestions.py [--set tuning] [--by-kind] [--verbose]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if os.environ.get("DATABASE_URL"):
    os.environ.setdefault("TEST_DATABASE_NAME", "test_rembuk_bench_suggestions")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--by-kind", action="store_true")
    parser.add_argument("--set", action="append", default=[])
    args, _ = parser.parse_known_args()  # run_all passes every bench its own options
    options = [f"--set={name}" for name in args.set]
    options += ["--verbose"] * args.verbose + ["--by-kind"] * args.by_kind
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from rembuk.regions.services import regions_import

        regions_import()
        call_command("evaluate_suggestions", *options)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
