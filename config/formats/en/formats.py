"""The English interface writes and reads dates as the Indonesian one does (config/formats/id)."""

from config.formats.id.formats import *  # noqa: F403
from config.formats.id.formats import __all__  # noqa: F401
