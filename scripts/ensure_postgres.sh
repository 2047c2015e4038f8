#!/usr/bin/env bash
# Start the machine's PostgreSQL if it is not running and make the test role (allowed to create
# the test database). Prints the DATABASE_URL to use.
set -euo pipefail
PGHOST=127.0.0.1 PGPORT=${PGPORT:-5432}
if ! command -v pg_isready >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
  service postgresql start >/dev/null
  for _ in $(seq 1 30); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 1; done
fi
su postgres -c "psql -q -tAc \"SELECT 1 FROM pg_roles WHERE rolname='rembuk'\"" | grep -q 1 \
  || su postgres -c "psql -q -c \"CREATE ROLE rembuk LOGIN CREATEDB PASSWORD 'rembuk'\""
su postgres -c "psql -q -tAc \"SELECT 1 FROM pg_database WHERE datname='rembuk'\"" | grep -q 1 \
  || su postgres -c "createdb -O rembuk rembuk"
echo "postgres://rembuk:rembuk@$PGHOST:$PGPORT/rembuk"
