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

# The runs go side by side (they share nothing: SQLite test files are per process, the
# PostgreSQL run has its own test database); much of a test's time is spent waiting on a
# server, a browser or a child process, so two cores carry three runs well. (Cutting each
# database's run in two more parts was measured slower: 15.2 against 13.4 minutes.) Each run
# writes its own log, printed whole when all are done.
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
if [ "$#" -eq 0 ]; then
  # On PostgreSQL only the tests that use the database: pytest-django keeps it from the others,
  # which therefore run the same on both and ran on SQLite already (docs/decisions/0020).
  # The three runs are balanced to end about together: the projector's browser tests (mostly
  # waiting on the screens' polls) go after the SQLite suite, and the operations tests on
  # PostgreSQL (backups, restores, `rembuk serve`; a test database of their own) after the other
  # browser tests, which also take two of the SQLite suite's modules (CI, 7 December 2026,
  # before: the SQLite suite then the projector 914–990 s, PostgreSQL 849–913 s, the browser
  # tests then operations 839–883 s; after: 722–743, 676–693 and 742–765 s). Each run's test
  # database is named after this checkout
  # (config/settings.py), the moved one with a suffix of its own.
  moved=(rembuk/operations)
  later=(e2e/test_projector.py)
  # Beside the projector's browser tests, which mostly wait on the screens' polls, two that
  # mostly compute, one after the other: the accessibility walk (axe-core in Chromium, on
  # SQLite) and the API's fuzzing (PostgreSQL only; out of the PostgreSQL run, the longest;
  # a test database of its own). CI, 7 December 2026, on a host 13 % slower than the day
  # before: 15 min 29 s with the walk beside the projector and the fuzz in the PostgreSQL run.
  beside_later=(e2e/test_accessibility.py)
  fuzzed=(rembuk/api/tests/test_fuzz.py)
  # On SQLite in the browser tests' run: the suggestion set measured (the model's CPU) and the
  # processes started anew (each a whole Django start), about 25 s of one core between them.
  beside_browser=(rembuk/learning/tests/test_suggestion_quality.py rembuk/core/tests/test_process_start.py)
  start "Test suite on SQLite (without ${beside_browser[*]}), then ${later[*]} (Chromium) and beside it ${beside_later[*]}, then ${fuzzed[*]} on PostgreSQL" bash -c "
    $(declare -f run)
    status=0
    DATABASE_URL='' run rembuk $(printf -- '--ignore=%s ' "${beside_browser[@]}") || status=1
    ( beside_status=0
      DATABASE_URL='' run ${beside_later[*]} || beside_status=1
      DATABASE_URL='$DATABASE_URL_PG' TEST_DATABASE_SUFFIX=_fuzzed run ${fuzzed[*]} || beside_status=1
      exit \$beside_status
    ) > '$logs/beside.log' 2>&1 &
    beside=\$!
    DATABASE_URL='' run ${later[*]} || status=1
    wait \$beside || status=1
    cat '$logs/beside.log'
    exit \$status"
  start "Test suite on PostgreSQL, $DATABASE_URL_PG (without ${moved[*]} ${fuzzed[*]})" \
    env DATABASE_URL="$DATABASE_URL_PG" \
    bash -c "$(declare -f run); run --database-tests-only rembuk \
      $(printf -- '--ignore=%s ' "${moved[@]}" "${fuzzed[@]}")"
  start "Browser tests (Chromium) on SQLite (without ${later[*]} ${beside_later[*]}) and ${beside_browser[*]}, then ${moved[*]} on PostgreSQL" \
    bash -c "
    $(declare -f run)
    status=0
    DATABASE_URL='' run e2e ${beside_browser[*]} $(printf -- '--ignore=%s ' "${later[@]}" "${beside_later[@]}") || status=1
    DATABASE_URL='$DATABASE_URL_PG' TEST_DATABASE_SUFFIX=_moved \
      run --database-tests-only ${moved[*]} || status=1
    exit \$status"
else
  start "Tests on SQLite: $*" env DATABASE_URL="" bash -c "$(declare -f run); run \"\$@\"" _ "$@"
  start "Tests on PostgreSQL, $DATABASE_URL_PG: $*" \
    env DATABASE_URL="$DATABASE_URL_PG" bash -c "$(declare -f run); run \"\$@\"" _ "$@"
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
