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
# The role's password is public (above), so its SCRAM verifier is kept with 16 iterations
# instead of PostgreSQL's 4,096: those slow down guessing a real password from a stolen
# verifier, and cost each new connection about 10 ms of CPU between client and server — the
# tests open thousands (live servers, hubs, agents). A hub's own role (deploy/) keeps the default.
ITERATIONS=16
if ! as_postgres "psql -q -tAc \"SELECT rolpassword FROM pg_authid WHERE rolname='rembuk'\"" \
    | grep -q "^SCRAM-SHA-256\\\$$ITERATIONS:"; then
  sql=$(mktemp)
  python3 - "$ITERATIONS" > "$sql" <<'PY'
import base64, hashlib, hmac, os, sys

iterations = int(sys.argv[1])
salt = os.urandom(16)
salted = hashlib.pbkdf2_hmac("sha256", b"rembuk", salt, iterations)
stored = hashlib.sha256(hmac.new(salted, b"Client Key", "sha256").digest()).digest()
server = hmac.new(salted, b"Server Key", "sha256").digest()
text = [base64.b64encode(part).decode() for part in (salt, stored, server)]
print(f"ALTER ROLE rembuk PASSWORD 'SCRAM-SHA-256${iterations}:{text[0]}${text[1]}:{text[2]}';")
PY
  chmod 644 "$sql"
  as_postgres "psql -q -f $sql"
  rm -f "$sql"
fi
if ! as_postgres "psql -q -tAc \"SELECT 1 FROM pg_database WHERE datname='rembuk'\"" | grep -q 1; then
  as_postgres "createdb -O rembuk rembuk"
fi
echo "postgres://rembuk:rembuk@$PGHOST:$PGPORT/rembuk"
