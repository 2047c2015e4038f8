from rembuk.district.tests.conftest import kecamatan_meeting  # noqa: F401 (a shared fixture)
