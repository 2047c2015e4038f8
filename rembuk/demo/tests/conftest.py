"""The apps' own set-ups that the demo's parts are tested on."""

from rembuk.district.tests.conftest import distan, kecamatan_meeting
from rembuk.reports.tests.conftest import meeting

__all__ = ["distan", "kecamatan_meeting", "meeting"]
