"""Where this installation's files are, read before Django starts (settings and the `rembuk`
command both need it).

- The project's own files (templates, static files, translations) sit beside config/ in a
  checkout; an installed wheel carries them inside the package as rembuk/project_files/.
- The data directory (REMBUK_HOME) holds everything that belongs to this installation: the
  SQLite database, the secret key generated on first start, uploads, logs and backups. Its
  default depends on the operating system. docs/decisions/0013 says why it works this way.

Messages here are read by a person at a terminal before Django's translation machinery can
start, so they are translated with the standard library's gettext from the same catalogue.
"""

from __future__ import annotations

import contextlib
import gettext as stdlib_gettext
import os
import secrets
import stat
import sys
import tempfile
from functools import cache
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGED_FILES_DIR = BASE_DIR / "rembuk" / "project_files"
# The language of the terminal messages written before Django starts (settings.LANGUAGE_CODE).
TERMINAL_LANGUAGE = "id"
SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name
# What the data directory holds besides the database (config.settings points at each one).
DATA_SUBDIRECTORIES = ("media", "logs", "backups", "staticfiles")


class DataDirectoryError(ImproperlyConfigured):
    """The data directory cannot be used; the message says why in one sentence."""


def project_file(name: str) -> Path:
    """`templates`, `static` or `locale`: beside config/ in a checkout, else from the wheel."""
    beside_config = BASE_DIR / name
    if beside_config.is_dir():
        return beside_config
    return PACKAGED_FILES_DIR / name


def in_checkout() -> bool:
    """A git checkout (manage.py beside config/), as opposed to an installed wheel."""
    return (BASE_DIR / "manage.py").is_file()


@cache
def _translations() -> stdlib_gettext.NullTranslations:
    return stdlib_gettext.translation(
        "django",
        localedir=str(project_file("locale")),
        languages=[TERMINAL_LANGUAGE],
        fallback=True,
    )


def _(message: str) -> str:
    return _translations().gettext(message)


def default_home() -> Path:
    """The per-user data directory of the operating system."""
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return (Path(local) if local else Path.home() / "AppData" / "Local") / "Rembuk"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Rembuk"
    xdg = os.environ.get("XDG_DATA_HOME")
    return (Path(xdg) if xdg else Path.home() / ".local" / "share") / "rembuk"


def data_directory(*, production: bool) -> tuple[Path, bool]:
    """The data directory and whether Rembuk may create it when it is missing.

    REMBUK_HOME wins. Without it, production uses the operating system's default (made on
    first start) and development the checkout's var/ (or REMBUK_VAR_DIR). A REMBUK_HOME that
    is missing is never made: it may name a drive that is not plugged in, and an empty new
    installation there would look like lost data.
    """
    if os.environ.get("REMBUK_HOME"):
        return Path(os.environ["REMBUK_HOME"]).expanduser(), False
    if production:
        return default_home(), True
    return Path(os.environ.get("REMBUK_VAR_DIR") or BASE_DIR / "var"), True


def prepare_data_directory(path: Path, *, may_create: bool) -> None:
    """Make sure the data directory exists, is writable, and has its sub-directories."""
    if not path.exists():
        if not may_create:
            raise DataDirectoryError(
                _(
                    "The data directory %(path)s does not exist: create it, or check "
                    "REMBUK_HOME (is the drive it is on connected?)."
                )
                % {"path": path}
            )
        try:
            path.mkdir(parents=True, mode=0o700)
        except OSError as error:
            raise DataDirectoryError(
                _("The data directory %(path)s cannot be created (%(reason)s).")
                % {"path": path, "reason": error.strerror or error}
            ) from error
    if not path.is_dir():
        raise DataDirectoryError(
            _("The data directory %(path)s is a file, not a directory: check REMBUK_HOME.")
            % {"path": path}
        )
    try:
        with tempfile.TemporaryFile(dir=path):
            pass
        for name in DATA_SUBDIRECTORIES:
            (path / name).mkdir(exist_ok=True)
    except OSError as error:
        raise DataDirectoryError(
            _(
                "The data directory %(path)s cannot be written to (%(reason)s): give this "
                "user write access, or set REMBUK_HOME to a directory it can write."
            )
            % {"path": path, "reason": error.strerror or error}
        ) from error
    # Only once it is known to be a data directory Rembuk can use (not a system directory
    # named by mistake).
    _keep_private(path, group_too=may_create)


def _keep_private(path: Path, *, group_too: bool) -> None:
    """No other account on the computer may read the data directory: it holds the database (a
    node's sync token in clear, people's password hashes), the secret key and the backups.

    The directory Rembuk makes itself is its account's alone (0700; one an older Rembuk made
    with the usual umask, 0755, is tightened on start). A REMBUK_HOME keeps the group access its
    owner gave it (a hub's installer gives the service's group 0750) and loses everyone else's.
    Windows keeps a user's application data private with its access lists."""
    if os.name != "posix":
        return
    closed = 0o077 if group_too else 0o007
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & closed:
        # Another account's directory, or a drive without modes: left as it is.
        with contextlib.suppress(OSError):
            path.chmod(mode & ~closed)


def secret_key(directory: Path) -> str:
    """This installation's secret key, generated into the data directory on first start.

    Several processes may start at once (the server's workers, the task worker): the key is
    written to a temporary file and linked into place, so every process reads the same
    complete key and a half-written one is never seen.
    """
    path = directory / SECRET_KEY_FILE
    if not path.exists():
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=".secret_key-")
        try:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_urlsafe(50))
            os.chmod(temporary, 0o600)
            try:
                os.link(temporary, path)
            except FileExistsError:
                pass  # another process made it first: use theirs
            except OSError:
                # A file system without hard links (a FAT-formatted drive): create exclusively.
                with open(path, "x", encoding="ascii") as handle:
                    handle.write(Path(temporary).read_text(encoding="ascii"))
        finally:
            os.unlink(temporary)
    return path.read_text(encoding="ascii").strip()
