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

# The two passes run side by side (they share nothing: SQLite test files are per process, the
# PostgreSQL pass has its own test database), which halves CI time on a two-core machine. Each
# pass writes its own log, printed whole when both are done.
logs=$(mktemp -d)
DATABASE_URL="" run "$@" > "$logs/sqlite.log" 2>&1 &
sqlite_pid=$!
DATABASE_URL="$DATABASE_URL_PG" run "$@" > "$logs/postgresql.log" 2>&1 &
postgresql_pid=$!
sqlite_status=0
postgresql_status=0
wait "$sqlite_pid" || sqlite_status=$?
wait "$postgresql_pid" || postgresql_status=$?
echo "== Test suite on SQLite (exit $sqlite_status)"
cat "$logs/sqlite.log"
echo "== Test suite on PostgreSQL, $DATABASE_URL_PG (exit $postgresql_status)"
cat "$logs/postgresql.log"
rm -rf "$logs"
[ "$sqlite_status" -eq 0 ] && [ "$postgresql_status" -eq 0 ]
