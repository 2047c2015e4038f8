#!/usr/bin/env bash
# Install (or upgrade) a Rembuk kabupaten/national hub on Debian: a system user, Rembuk in its
# own Python environment, the data directory, an environment file, systemd units for the
# server, the task worker and the daily backup, and the reverse proxy's configuration.
# docs/deploy.md walks through it. Run as root from a checkout (or give --wheel). Re-running
# it upgrades: the environment file and the database are kept, `rembuk upgrade` backs up first.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: deploy/install-hub.sh --base-url https://rembuk.example.go.id [options]

  --base-url URL       the public address people type (https://…)            (required)
  --database-url URL   PostgreSQL to use; default: a role and database "rembuk" on this
                       machine's PostgreSQL (installed when missing)
  --wheel FILE         the Rembuk wheel to install; default: build one from this checkout
  --python PATH        Python 3.12 to run Rembuk with; default: python3.12 on PATH
  --proxy caddy|nginx|none   also install that reverse proxy with its configuration (none:
                       only write both configurations to the config directory)   [none]
  --port N             loopback port of the Rembuk server behind the proxy          [8000]
  --workers N          gunicorn worker processes                         [2 × cores + 1]
  --regions pilot|national|none   region list to load                            [pilot]
  --user NAME          system user the services run as                           [rembuk]
  --prefix DIR         where Rembuk is installed                            [/opt/rembuk]
  --home DIR           the data directory (REMBUK_HOME)                 [/var/lib/rembuk]
  --config DIR         the environment file and proxy configurations       [/etc/rembuk]
  --systemd-dir DIR    where the units go                             [/etc/systemd/system]
  --bin-dir DIR        where the `rembuk` admin command is linked         [/usr/local/bin]
  --no-start           write everything but do not enable or start the services
USAGE
}

BASE_URL="" DATABASE_URL_ARG="" WHEEL="" PYTHON="" PROXY="none" PORT=8000 WORKERS=""
REGIONS="pilot" SERVICE_USER="rembuk" PREFIX="/opt/rembuk" HOME_DIR="/var/lib/rembuk"
CONFIG_DIR="/etc/rembuk" SYSTEMD_DIR="/etc/systemd/system" BIN_DIR="/usr/local/bin" START=1
while [ $# -gt 0 ]; do
  case "$1" in
    --base-url) BASE_URL=$2; shift 2 ;;
    --database-url) DATABASE_URL_ARG=$2; shift 2 ;;
    --wheel) WHEEL=$2; shift 2 ;;
    --python) PYTHON=$2; shift 2 ;;
    --proxy) PROXY=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --workers) WORKERS=$2; shift 2 ;;
    --regions) REGIONS=$2; shift 2 ;;
    --user) SERVICE_USER=$2; shift 2 ;;
    --prefix) PREFIX=$2; shift 2 ;;
    --home) HOME_DIR=$2; shift 2 ;;
    --config) CONFIG_DIR=$2; shift 2 ;;
    --systemd-dir) SYSTEMD_DIR=$2; shift 2 ;;
    --bin-dir) BIN_DIR=$2; shift 2 ;;
    --no-start) START=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "Unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done

say() { printf '\n== %s\n' "$*"; }
fail() { echo "install-hub: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "run as root (sudo deploy/install-hub.sh …)."
case "$BASE_URL" in
  https://*) ;;
  "") fail "give the public address with --base-url https://…" ;;
  *) fail "--base-url must start with https:// (the hub is served behind TLS)." ;;
esac
case "$PROXY" in caddy|nginx|none) ;; *) fail "--proxy is caddy, nginx or none." ;; esac
HOST=$(printf '%s' "$BASE_URL" | sed -E 's#^https://([^/:]+).*#\1#')
HERE=$(cd "$(dirname "$0")" && pwd)
CHECKOUT=$(cd "$HERE/.." && pwd)
WORKERS=${WORKERS:-$(( $(nproc) * 2 + 1 ))}
ENV_FILE="$CONFIG_DIR/rembuk.env"

# --- packages from Debian: what WeasyPrint and the backups need, and the proxy ---------------
say "Debian packages"
# The libraries and fonts the printouts are laid out with: the one list is that script's.
read -r -a packages <<< "$("$CHECKOUT/scripts/ensure_document_libraries.sh" --list)"
packages+=(postgresql-client)
[ -z "$DATABASE_URL_ARG" ] && packages+=(postgresql)
[ "$PROXY" != none ] && packages+=("$PROXY")
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
echo "present: ${packages[*]}"

# --- the system user and the directories -----------------------------------------------------
say "User $SERVICE_USER and directories"
if ! id -u "$SERVICE_USER" >/dev/null 2>&1; then
  useradd --system --home-dir "$HOME_DIR" --no-create-home --shell /usr/sbin/nologin \
    "$SERVICE_USER"
fi
GROUP=$(id -gn "$SERVICE_USER")
install -d -m 0755 "$PREFIX" "$PREFIX/share/doc" "$BIN_DIR"
install -d -m 0750 -o "$SERVICE_USER" -g "$GROUP" "$HOME_DIR"
install -d -m 0750 -o root -g "$GROUP" "$CONFIG_DIR"
install -d -m 0755 "$SYSTEMD_DIR"

# --- Rembuk in its own environment -----------------------------------------------------------
say "Rembuk in $PREFIX/venv"
PYTHON=${PYTHON:-$(command -v python3.12 || true)}
[ -n "$PYTHON" ] && "$PYTHON" -c 'import sys; assert sys.version_info[:2] == (3, 12)' \
  || fail "Python 3.12 is needed: give --python PATH (docs/deploy.md says where to get it)."
export UV_PYTHON_DOWNLOADS=never
command -v uv >/dev/null 2>&1 || "$PYTHON" -m pip install --quiet uv
constraints=()
if [ -z "$WHEEL" ]; then
  [ -f "$CHECKOUT/pyproject.toml" ] || fail "give --wheel FILE (no checkout beside this script)."
  (cd "$CHECKOUT" && uv build --wheel --quiet -o "$PREFIX/dist")
  WHEEL=$(ls -t "$PREFIX"/dist/rembuk-*.whl | head -n 1)
fi
if [ -f "$CHECKOUT/uv.lock" ]; then
  # The versions the project was tested with.
  (cd "$CHECKOUT" && uv export --frozen --no-dev --no-emit-project --no-hashes --quiet \
    -o "$PREFIX/constraints.txt")
  constraints=(--constraint "$PREFIX/constraints.txt")
fi
[ -x "$PREFIX/venv/bin/python" ] || uv venv --quiet --python "$PYTHON" "$PREFIX/venv"
# Compiled here, as root: the service user cannot write into the environment, so without it
# every server, worker and backup start would compile Django and Rembuk from source again.
uv pip install --quiet --compile-bytecode --python "$PREFIX/venv/bin/python" \
  --reinstall-package rembuk \
  "${constraints[@]}" "$WHEEL"
cp "$CHECKOUT/docs/deploy.md" "$PREFIX/share/doc/deploy.md" 2>/dev/null || true
echo "$("$PREFIX/venv/bin/rembuk" --version) from $(basename "$WHEEL")"

# --- the database ------------------------------------------------------------------------------
say "Database"
if [ -f "$ENV_FILE" ]; then
  echo "keeping $ENV_FILE"
else
  if [ -n "$DATABASE_URL_ARG" ]; then
    database_url=$DATABASE_URL_ARG
  else
    service postgresql start >/dev/null 2>&1 || true
    password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    as_postgres() { (cd / && runuser -u postgres -- "$@"); }
    if ! as_postgres psql -tAc "SELECT 1 FROM pg_roles WHERE rolname='rembuk'" | grep -q 1; then
      as_postgres psql -q -c "CREATE ROLE rembuk LOGIN PASSWORD '$password'"
    else
      as_postgres psql -q -c "ALTER ROLE rembuk PASSWORD '$password'"
    fi
    as_postgres psql -tAc "SELECT 1 FROM pg_database WHERE datname='rembuk'" | grep -q 1 \
      || as_postgres createdb -O rembuk rembuk
    database_url="postgres://rembuk:$password@127.0.0.1:5432/rembuk"
  fi
  umask 027
  cat > "$ENV_FILE" <<ENV
# Rembuk hub settings (docs/deploy.md). Read by the systemd units and the rembuk command.
REMBUK_ENV=production
REMBUK_HOME=$HOME_DIR
DATABASE_URL=$database_url
REMBUK_BASE_URL=$BASE_URL
REMBUK_BEHIND_PROXY=1
ALLOWED_HOSTS=$HOST,127.0.0.1,localhost
REMBUK_BACKUP_KEEP_DAYS=14
# Notification emails (optional):
# EMAIL_HOST=smtp.example.go.id
# EMAIL_PORT=587
# EMAIL_HOST_USER=rembuk@example.go.id
# EMAIL_HOST_PASSWORD=…
# DEFAULT_FROM_EMAIL=rembuk@example.go.id
ENV
  chown root:"$GROUP" "$ENV_FILE"
  chmod 0640 "$ENV_FILE"
  umask 022
fi

# The admin command: `rembuk …` as the service user, with the hub's settings.
cat > "$PREFIX/bin-rembuk" <<WRAPPER
#!/usr/bin/env bash
# Rembuk's command for this hub: runs as $SERVICE_USER with $ENV_FILE.
set -euo pipefail
set -a; . "$ENV_FILE"; set +a
cd "$HOME_DIR"
if [ "\$(id -un)" = "$SERVICE_USER" ]; then exec "$PREFIX/venv/bin/rembuk" "\$@"; fi
exec runuser -p -u "$SERVICE_USER" -- env HOME="$HOME_DIR" "$PREFIX/venv/bin/rembuk" "\$@"
WRAPPER
install -d "$PREFIX/bin"
mv "$PREFIX/bin-rembuk" "$PREFIX/bin/rembuk"
chmod 0755 "$PREFIX/bin/rembuk"
ln -sf "$PREFIX/bin/rembuk" "$BIN_DIR/rembuk"

say "Database schema and static files (rembuk upgrade: a backup first when there is data)"
"$PREFIX/bin/rembuk" upgrade
case "$REGIONS" in
  pilot) "$PREFIX/bin/rembuk" import_regions ;;
  national) "$PREFIX/bin/rembuk" import_regions --national ;;
  none) ;;
  *) fail "--regions is pilot, national or none." ;;
esac

# --- systemd units and the reverse proxy -------------------------------------------------------
say "systemd units in $SYSTEMD_DIR"
render() {
  sed -e "s#@PREFIX@#$PREFIX#g" -e "s#@USER@#$SERVICE_USER#g" -e "s#@GROUP@#$GROUP#g" \
    -e "s#@CONFIG@#$CONFIG_DIR#g" -e "s#@HOME@#$HOME_DIR#g" -e "s#@PORT@#$PORT#g" \
    -e "s#@WORKERS@#$WORKERS#g" -e "s#@HOST@#$HOST#g" "$1"
}
units=(rembuk-server.service rembuk-worker.service rembuk-backup.service rembuk-backup.timer)
for unit in "${units[@]}"; do
  render "$HERE/systemd/$unit.in" > "$SYSTEMD_DIR/$unit"
done
if command -v systemd-analyze >/dev/null 2>&1; then
  (cd "$SYSTEMD_DIR" && systemd-analyze verify "${units[@]}") \
    || fail "systemd-analyze verify found a problem in the units above."
  echo "systemd-analyze verify: the units are valid"
fi
render "$HERE/Caddyfile.in" > "$CONFIG_DIR/Caddyfile"
render "$HERE/nginx-rembuk.conf.in" > "$CONFIG_DIR/nginx-rembuk.conf"
case "$PROXY" in
  caddy) cp "$CONFIG_DIR/Caddyfile" /etc/caddy/Caddyfile ;;
  nginx) cp "$CONFIG_DIR/nginx-rembuk.conf" /etc/nginx/sites-available/rembuk
         ln -sf /etc/nginx/sites-available/rembuk /etc/nginx/sites-enabled/rembuk ;;
esac

if [ "$START" = 1 ] && [ -d /run/systemd/system ]; then
  say "Starting"
  systemctl daemon-reload
  systemctl enable --now rembuk-server.service rembuk-worker.service rembuk-backup.timer
  systemctl restart rembuk-server.service rembuk-worker.service
  [ "$PROXY" != none ] && systemctl reload "$PROXY"
fi

say "Done"
cat <<DONE
Rembuk $("$PREFIX/venv/bin/rembuk" --version) is installed for $BASE_URL.
  settings     $ENV_FILE
  data         $HOME_DIR (database backups in $HOME_DIR/backups, logs in $HOME_DIR/logs)
  command      rembuk status · rembuk backup · rembuk createsuperuser
  services     rembuk-server, rembuk-worker, rembuk-backup.timer
  proxy        $CONFIG_DIR/Caddyfile or $CONFIG_DIR/nginx-rembuk.conf (to 127.0.0.1:$PORT)
DONE
