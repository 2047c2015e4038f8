from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _distribution_version


def version() -> str:
    """This Rembuk's version, from the installed package (the checkout installs it editable)."""
    try:
        return _distribution_version("rembuk")
    except PackageNotFoundError:
        return "0+unknown"
