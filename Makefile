# Rembuk — the commands people and CI run. `make check` is what CI runs.
export UV_PYTHON_DOWNLOADS := never
# Let Python keep compiled bytecode (__pycache__, ignored by git) where the machine image turns it
# off: otherwise every process (the tests' servers, workers and commands) compiles Django and
# Rembuk from source again, about two seconds of CPU each (docs/decisions/0026).
unexport PYTHONDONTWRITEBYTECODE
MANAGE := uv run python manage.py
# `make demo PORT=8010` when 8000 is taken.
PORT ?= 8000

.PHONY: demo test check check-static check-install lint format types contracts migrations-check i18n-check messages bench

demo:  ## start Rembuk with demo data on SQLite at http://127.0.0.1:$(PORT) (8000 by default)
	@scripts/bootstrap.sh
	@$(MANAGE) migrate --no-input -v 0
	@$(MANAGE) import_regions
	@$(MANAGE) seed_demo
	@# The task worker builds long exports (whole-meeting PDF, ZIP) next to the web server.
	@$(MANAGE) db_worker >var/worker.log 2>&1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(MANAGE) runserver 127.0.0.1:$(PORT)

test:  ## the whole test suite, on SQLite and on PostgreSQL
	@scripts/test.sh

check: check-static test

check-install:  ## install a hub with deploy/install-hub.sh and try it end to end (root, Debian)
	@scripts/bootstrap.sh
	uv run python scripts/check_install.py

check-static: lint types contracts migrations-check i18n-check

lint:
	@scripts/bootstrap.sh
	uv run ruff check .
	uv run ruff format --check .

format:
	uv run ruff format .
	uv run ruff check --fix .

types:
	@scripts/bootstrap.sh
	uv run mypy .

contracts:  ## the import contracts between apps and layers (pyproject.toml, ADR 0021)
	@scripts/bootstrap.sh
	uv run lint-imports

migrations-check:
	@scripts/bootstrap.sh
	SQLITE_PATH=:memory: $(MANAGE) makemigrations --check --dry-run

i18n-check:
	@scripts/bootstrap.sh
	uv run python scripts/check_translations.py

messages:  ## refresh the Indonesian catalogue from the code, then translate what is new
	@scripts/bootstrap.sh
	$(MANAGE) makemessages -l id --no-obsolete --add-location file
	$(MANAGE) compilemessages -l id

bench:  ## print the benchmark figures on SQLite and PostgreSQL side by side (QUICK=1: smaller)
	@scripts/bootstrap.sh
	BENCH_QUICK=$(QUICK) uv run python bench/run_all.py
