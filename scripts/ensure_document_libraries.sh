#!/usr/bin/env bash
# The system libraries and fonts WeasyPrint lays out and writes PDFs with best (Debian
# packages): Pango and HarfBuzz, HarfBuzz's subsetting library (without it WeasyPrint embeds
# fonts the slow way, 0.7–1.6 s more per Matriks 4), and the fonts the printouts name: DejaVu
# (its Condensed faces, which the Matriks 3 prints in, are in fonts-dejavu-extra), Liberation
# with its Narrow face (the Matriks 4). Without a font the printout falls back to a wider one:
# other line breaks, more pages than the tests saw. The one list of them: the development
# set-up (scripts/bootstrap.sh) runs this script, the hub's installer (deploy/install-hub.sh)
# reads its list, the laptop guide (docs/install-laptop.md) names the same packages, and
# rembuk/core/tests/test_document_libraries.py holds the fonts and the guide to it.
# Installs only what is missing; a machine that has them all is left alone, and one that is not
# Debian is told what to install. `--list` prints the packages and installs nothing.
set -euo pipefail
PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core fonts-dejavu-extra fonts-liberation"
if [ "${1:-}" = "--list" ]; then
  echo "$PACKAGES"
  exit 0
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "Not a Debian system: install Pango, HarfBuzz (with hb-subset), DejaVu and Liberation fonts." >&2
  exit 0
fi
missing=""
for package in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $package"
  fi
done
[ -z "$missing" ] && exit 0

echo "Installing the document libraries:$missing" >&2
if [ "$(id -u)" = 0 ]; then
  apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq
  # shellcheck disable=SC2086
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
else
  echo "Run as root: apt-get install$missing (PDFs still work without them, only slower)." >&2
fi
