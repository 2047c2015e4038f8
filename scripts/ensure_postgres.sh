#!/usr/bin/env bash
# Start the machine's PostgreSQL if it is not running, and make the role and database
# rembuk/rembuk (the role may create the test database). Prints the DATABASE_URL to use as its
# last line. Needs root (or sudo) the first time; later runs only check.
set -euo pipefail
PGHOST=127.0.0.1
PGPORT=${PGPORT:-5432}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    (cd / && su postgres -c "$1")
  else
    (cd / && sudo -u postgres sh -c "$1")
  fi
}

if ! command -v pg_isready >/dev/null 2>&1; then
  echo "Installing PostgreSQL from Debian packages…" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
  echo "Starting PostgreSQL…" >&2
  # A machine where the package is installed but no cluster was ever made gets one.
  if command -v pg_lsclusters >/dev/null 2>&1 && [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    pg_createcluster "$version" main >/dev/null
  fi
  service postgresql start >/dev/null || true
  for _ in $(seq 1 30); do
    pg_isready -q -h "$PGHOST" -p "$PGPORT" && break
    sleep 1
  done
  if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
    echo "PostgreSQL did not start on $PGHOST:$PGPORT. Its log:" >&2
    tail -n 20 /var/log/postgresql/*.log >&2 || true
    exit 1
  fi
fi

if ! as_postgres "psql -q -tAc \"SELECT 1 FROM pg_roles WHERE rolname='rembuk'\"" | grep -q 1; then
  as_postgres "psql -q -c \"CREATE ROLE rembuk LOGIN CREATEDB PASSWORD 'rembuk'\""
fi
if ! as_postgres "psql -q -tAc \"SELECT 1 FROM pg_database WHERE datname='rembuk'\"" | grep -q 1; then
  as_postgres "createdb -O rembuk rembuk"
fi
echo "postgres://rembuk:rembuk@$PGHOST:$PGPORT/rembuk"
