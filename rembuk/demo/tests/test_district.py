from __future__ import annotations

import datetime

import pytest

from rembuk.core.testing import region, user_with_role
from rembuk.demo.district import seed_district_demo
from rembuk.district.models import AgendaItem, DistrictMeeting
from rembuk.district.selectors import year_summary
from rembuk.district.tests.conftest import aware, make_report, make_request
from rembuk.people.models import Role

pytestmark = pytest.mark.django_db


def test_the_demo_gives_sumba_barat_daya_three_meetings_and_seram_bagian_timur_a_warning(
    kecamatan_meeting, distan
):
    users = {
        "kabupaten.sbd": user_with_role(Role.TIM_KABUPATEN, "53.18"),
        "kabupaten.sbt": user_with_role(Role.TIM_KABUPATEN, "81.05"),
    }
    make_report(kecamatan_meeting, sent_at=aware(2024, 4, 2))
    make_request(kecamatan_meeting, "Penjadwalan penyuluh pertanian", agency=distan)
    seed_district_demo(users)
    seed_district_demo(users)  # idempotent

    sbd = year_summary(region("53.18"), 2024)
    assert (sbd.held, sbd.planned, sbd.below_guideline) == (1, 2, False)
    assert year_summary(region("81.05"), 2024).below_guideline
    april = DistrictMeeting.objects.get(date=datetime.date(2024, 4, 18))
    items = AgendaItem.objects.filter(meeting=april)
    assert items.count() == 2
    visit = items.get(request__isnull=False)
    assert visit.assigned_agency == distan and "penyuluh" in visit.assignment.lower()
    assert items.get(report__isnull=False).decision
