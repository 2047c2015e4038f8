from functools import cache
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _distribution_version


@cache
def version() -> str:
    """This Rembuk's version, from the installed package (the checkout installs it editable).

    Read once per process: it is the version of the code the process has loaded, and reading
    the package's metadata costs about a millisecond of file system work (meeting mode's poll
    names it in every answer)."""
    try:
        return _distribution_version("rembuk")
    except PackageNotFoundError:
        return "0+unknown"
