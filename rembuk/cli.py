"""The `rembuk` command: one command for every machine (docs/decisions/0013).

`rembuk serve`, `backup`, `restore`, `upgrade`, `status` and `worker` come from
rembuk.operations; any other word is the management command of that name (`rembuk
createsuperuser`, `rembuk node_init --hub …`, `rembuk seed_demo`). The command always runs this
installation in production settings with its data directory, in a checkout too; `manage.py`
in a checkout stays the development entry point (`make demo`, the tests).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    arguments = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("REMBUK_ENV", "production")
    if arguments in (["--version"], ["version"]):
        import rembuk

        print(rembuk.version())
        return
    from config import installation

    production = os.environ["REMBUK_ENV"] == "production"
    directory, may_create = installation.data_directory(production=production)
    try:
        installation.prepare_data_directory(directory, may_create=may_create)
    except installation.DataDirectoryError as error:
        sys.stderr.write(f"rembuk: {error}\n")
        raise SystemExit(2) from None
    from django.core.management import execute_from_command_line
    from django.db import OperationalError

    try:
        execute_from_command_line(["rembuk", *arguments])
    except OperationalError as error:
        # Any command, not only the operations ones: one sentence, never a traceback.
        from rembuk.operations.database import DatabaseUnavailable, ensure_reachable

        try:
            ensure_reachable()
        except DatabaseUnavailable as unavailable:
            sys.stderr.write(f"rembuk: {unavailable}\n")
            raise SystemExit(1) from None
        raise error
