#!/usr/bin/env bash
# Browser tests drive the system Chromium (Debian package), never a downloaded browser build:
# its headless shell, the browser Playwright itself runs headless tests in (docs/decisions/0020).
set -euo pipefail
if [ ! -x /usr/lib/chromium/chromium-headless-shell ]; then
  echo "Installing Chromium's headless shell from Debian packages…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell fonts-dejavu-core \
    >/dev/null
fi
