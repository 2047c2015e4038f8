#!/usr/bin/env bash
# Make the project's Python environment from a fresh clone: uv (installed with pip if missing),
# the Python 3.12 that pyenv provides (never downloaded), the locked dependencies, and the
# system libraries WeasyPrint uses best (scripts/ensure_document_libraries.sh, only if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
export UV_PYTHON_DOWNLOADS=never
if ! command -v uv >/dev/null 2>&1; then
  echo "Installing uv with pip…"
  python -m pip install --quiet uv
  # pyenv only sees a new command after a rehash (`python -m pip` does not trigger one).
  if command -v pyenv >/dev/null 2>&1; then pyenv rehash; fi
  if ! command -v uv >/dev/null 2>&1; then
    echo "uv was installed but is not on PATH; add $(python -c 'import sysconfig; print(sysconfig.get_path("scripts"))') to PATH." >&2
    exit 1
  fi
fi
uv sync --frozen --quiet
scripts/ensure_document_libraries.sh
