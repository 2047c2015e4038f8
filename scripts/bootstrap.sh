#!/usr/bin/env bash
# Make the project's Python environment from a fresh clone: uv (installed with pip if missing),
# the Python 3.12 that pyenv provides (never downloaded), and the locked dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
export UV_PYTHON_DOWNLOADS=never
if ! command -v uv >/dev/null 2>&1; then
  python -m pip install --quiet uv
fi
uv sync --frozen --quiet
