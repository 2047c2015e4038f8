#!/usr/bin/env bash
# The whole test suite: once on SQLite (the embedded default), once on PostgreSQL (the hub).
# Installs and starts what it needs (uv environment, Chromium, PostgreSQL) on a fresh machine.
# Extra arguments go to pytest (e.g. scripts/test.sh rembuk/plans -x).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
scripts/ensure_chromium.sh
DATABASE_URL_PG=$(scripts/ensure_postgres.sh | tail -n 1)

run() {
  local status=0
  uv run pytest "$@" || status=$?
  if [ "$status" -eq 5 ]; then
    # pytest's "no tests collected" is a failure here, never a pass.
    echo "pytest collected no tests: that is a failure." >&2
    return 1
  fi
  return "$status"
}

echo "== Test suite on SQLite"
DATABASE_URL="" run "$@"
echo "== Test suite on PostgreSQL ($DATABASE_URL_PG)"
DATABASE_URL="$DATABASE_URL_PG" run "$@"
