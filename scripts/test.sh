#!/usr/bin/env bash
# The whole test suite: everything on SQLite (the embedded default) and on PostgreSQL (the hub);
# the browser tests once, on SQLite (docs/decisions/0020). Installs and starts what it needs (uv
# environment, Chromium, PostgreSQL) on a fresh machine.
# Extra arguments go to pytest and run on both databases (e.g. scripts/test.sh rembuk/plans -x).
set -euo pipefail
cd "$(dirname "$0")/.."
# Compiled bytecode is kept, as the Makefile keeps it (docs/decisions/0026).
unset PYTHONDONTWRITEBYTECODE
scripts/bootstrap.sh
scripts/ensure_chromium.sh
DATABASE_URL_PG=$(scripts/ensure_postgres.sh | tail -n 1)

run() {
  local status=0
  uv run pytest --durations=10 "$@" || status=$?
  if [ "$status" -eq 5 ]; then
    # pytest's "no tests collected" is a failure here, never a pass.
    echo "pytest collected no tests: that is a failure." >&2
    return 1
  fi
  return "$status"
}

# The runs go side by side (they share nothing: SQLite test files are per process, each
# PostgreSQL run has a test database of its own, named after this checkout (config/settings.py)
# and a suffix). Much of a test's time is spent waiting on a server, a browser or a child
# process: with three runs the two cores were busy only three quarters of the time, so the work
# goes in four runs of about equal length (docs/decisions/0020). Each run writes its own log,
# printed whole when all are done.
logs=$(mktemp -d)
names=()
pids=()
start() {
  local name=$1
  shift
  names+=("$name")
  "$@" > "$logs/${#names[@]}.log" 2>&1 &
  pids+=($!)
}
on_sqlite() (
  export DATABASE_URL=''
  run "$@"
)
on_postgres() (
  export DATABASE_URL="$DATABASE_URL_PG" TEST_DATABASE_SUFFIX=$1
  shift
  # Only the tests that use the database: pytest-django keeps it from the others, which
  # therefore run the same on both and ran on SQLite already (docs/decisions/0020).
  run --database-tests-only "$@"
)
ignoring() { printf -- '--ignore=%s ' "$@"; }
if [ "$#" -eq 0 ]; then
  # How the work is cut (CI, 7 December 2026, each part timed on its own): the SQLite suite
  # about 640 s; the PostgreSQL suite about 790 s, of which sync, api and demo half; the
  # browser tests about 720 s, of which the four files below 30 %; the projector's 200 s
  # (mostly waiting on the screens' polls); the operations tests on PostgreSQL (backups,
  # restores, `rembuk serve`) 70 s.
  postgres_first=(rembuk/sync rembuk/api rembuk/demo)
  moved=(rembuk/operations)
  projector=(e2e/test_projector.py)
  browser_first=(e2e/test_what_a_person_meets.py e2e/test_follow_up_loop.py e2e/test_plans.py
    e2e/test_saving_without_a_connection.py)
  postgres_then_projector() {
    local status=0
    on_postgres "" "${postgres_first[@]}" || status=1
    on_sqlite "${projector[@]}" || status=1
    return "$status"
  }
  postgres_then_browser() {
    local status=0
    # shellcheck disable=SC2046  # the --ignore options are words of their own
    on_postgres _second rembuk $(ignoring "${postgres_first[@]}" "${moved[@]}") || status=1
    on_sqlite "${browser_first[@]}" || status=1
    return "$status"
  }
  browser_then_operations() {
    local status=0
    # shellcheck disable=SC2046
    on_sqlite e2e $(ignoring "${projector[@]}" "${browser_first[@]}") || status=1
    on_postgres _moved "${moved[@]}" || status=1
    return "$status"
  }
  start "Test suite on SQLite" on_sqlite rembuk
  start "On PostgreSQL, $DATABASE_URL_PG: ${postgres_first[*]}; then ${projector[*]} (Chromium, SQLite)" \
    postgres_then_projector
  start "On PostgreSQL: rembuk without ${postgres_first[*]} ${moved[*]}; then ${browser_first[*]} (Chromium, SQLite)" \
    postgres_then_browser
  start "Browser tests (Chromium) on SQLite, but those above; then ${moved[*]} on PostgreSQL" \
    browser_then_operations
else
  start "Tests on SQLite: $*" on_sqlite "$@"
  start "Tests on PostgreSQL, $DATABASE_URL_PG: $*" on_postgres "" "$@"
fi
failed=0
for index in "${!pids[@]}"; do
  status=0
  wait "${pids[$index]}" || status=$?
  echo "== ${names[$index]} (exit $status)"
  cat "$logs/$((index + 1)).log"
  [ "$status" -eq 0 ] || failed=1
done
rm -rf "$logs"
exit "$failed"
