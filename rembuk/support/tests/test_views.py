from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from rembuk.core.models import ChangeLog
from rembuk.core.testing import MembershipFactory, full_plan, region, user_with_role
from rembuk.meetings import services as meeting_services
from rembuk.meetings.models import FollowUp, MeetingSheet
from rembuk.people.models import Role, User
from rembuk.support import services
from rembuk.support.models import SupportRequest
from rembuk.support.tests.conftest import (
    KODI_BALAGHAR,
    MEETING_DAY,
    SBD,
    WAINYAPU,
    agency,
)
from rembuk.support.views import STEP_PATH_OF

pytestmark = pytest.mark.django_db
Status = SupportRequest.Status


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def detail(request: SupportRequest) -> str:
    return reverse("support:request_detail", args=[request.pk])


def step(request: SupportRequest, name: str) -> str:
    """The address the page's form posts to: the step's Indonesian path."""
    return reverse("support:request_step", args=[request.pk, STEP_PATH_OF[name]])


def fresh(request: SupportRequest) -> SupportRequest:
    return SupportRequest.objects.get(pk=request.pk)


def accepted(request: SupportRequest) -> SupportRequest:
    return services.request_accept(
        request=request, agency=request.agency, actor=None, date=MEETING_DAY
    )


# --- the kabupaten's queue ------------------------------------------------------------------


def test_the_kabupaten_queue_lists_new_requests(requests, kabupaten_user):
    page = client_for(kabupaten_user).get(reverse("support:request_list")).content.decode()
    assert "2 new requests to route" in page
    assert "Kunjungan penyuluh pertanian" in page


def test_the_list_filters_by_status_agency_and_kecamatan(requests, kabupaten_user):
    accepted(requests["Distan"])
    client = client_for(kabupaten_user)
    url = reverse("support:request_list")
    by_status = client.get(url, {"status": "diterima"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Kunjungan penyuluh" in by_status and "Pelatihan pelaporan" not in by_status
    by_agency = client.get(url, {"opd": str(agency("DPMD").pk)}).content.decode()
    assert 'id="request-results"' in by_agency
    results = by_agency.split('id="request-results"')[1]
    assert "Pelatihan pelaporan" in results and "Kunjungan penyuluh" not in results
    elsewhere = client.get(url, {"kecamatan": "53.18.04"}).content.decode()
    assert "No request matches." in elsewhere


def _distan_of_teluk_waru_asked() -> None:
    """A request of Waru (Teluk Waru, Seram Bagian Timur) to that kabupaten's own Distan."""
    plan = full_plan("81.05.15.2001", goals=1, activities_per_goal=1)
    meeting = meeting_services.meeting_create(
        kecamatan=region("81.05.15"), date=MEETING_DAY, villages=[plan.desa], actor=None
    )
    sheet = MeetingSheet.objects.select_related("plan", "desa").get(meeting=meeting)
    meeting_services.followup_save(
        sheet=sheet,
        goal=sheet.plan.goals.first(),
        actor=None,
        text="Bibit rumput laut.",
        kind=FollowUp.Kind.AGENCY_SUPPORT,
        owner=FollowUp.Owner.AGENCY,
        owner_agency=agency("Distan", "81.05"),
    )
    services.requests_from_meeting(meeting=meeting, actor=None)


def test_the_agency_filter_names_the_kabupaten_when_the_list_spans_several(requests):
    """Every kabupaten has a Distan: over two kabupaten, "Distan" twice would not say which."""
    programme = user_with_role(Role.TIM_PROGRAM, "53", language="en")
    MembershipFactory(user=programme, role=Role.TIM_PROGRAM, region=region("81"))
    url = reverse("support:request_list")
    one = client_for(programme).get(url).content.decode()
    distan = agency("Distan")
    assert (
        f'<option value="{distan.pk}" title="{distan.name}">Distan</option>' in one
    )  # one kabupaten: the short name, the full name as its title

    _distan_of_teluk_waru_asked()
    two = client_for(programme).get(url, {"opd": str(distan.pk)}).content.decode()
    sbd, sbt = region(SBD).name, region("81.05").name
    chosen = f'<option value="{distan.pk}" title="{distan.name} · {sbd}" selected>'
    assert chosen + f"Distan · {sbd}</option>" in two
    other = agency("Distan", "81.05")
    assert f'<option value="{other.pk}" title="{other.name} · {sbt}">Distan · {sbt}</option>' in two
    results = two.split('id="request-results"')[1]
    assert "Kunjungan penyuluh" in results and "Bibit rumput laut" not in results


def test_the_kabupaten_routes_a_request_to_another_agency(requests, kabupaten_user):
    client = client_for(kabupaten_user)
    request = requests["DPMD"]
    response = client.post(
        step(request, "accept"), {"agency": str(agency("Distan").pk), "date": "2024-04-01"}
    )
    assert response.status_code == 302
    assert fresh(request).agency == agency("Distan")
    assert fresh(request).status == Status.ACCEPTED


def test_rerouting_without_a_reason_shows_the_message_and_writes_nothing(requests, kabupaten_user):
    request = accepted(requests["DPMD"])
    before = ChangeLog.objects.count()
    response = client_for(kabupaten_user).post(
        step(request, "reroute"), {"agency": str(agency("Bappeda").pk), "note": ""}
    )
    assert response.status_code == 400
    assert "Write why the request goes to another agency." in response.content.decode()
    assert ChangeLog.objects.count() == before


def test_declining_without_a_reason_is_refused(requests, kabupaten_user):
    client = client_for(kabupaten_user)
    response = client.post(step(requests["DPMD"], "decline"), {"reason": ""})
    assert response.status_code == 400
    assert fresh(requests["DPMD"]).status == Status.SUBMITTED
    # Said inside the Decline form, where the button was pressed, and only there.
    page = response.content.decode()
    form = page.index('id="step-decline"')
    assert page.count('role="alert"') == 1
    assert form < page.index('role="alert"') < page.index("</form>", form)


def test_a_step_with_a_bad_date_is_refused_in_the_users_language(requests):
    indonesian = user_with_role(Role.TIM_KABUPATEN, "53.18")  # language: id by default
    response = client_for(indonesian).post(
        step(requests["Distan"], "accept"),
        {"agency": str(agency("Distan").pk), "date": "kemarin"},
    )
    assert response.status_code == 400
    assert "Tanggal tidak valid: tulis hh-bb-tttt" in response.content.decode()


# --- the agency -------------------------------------------------------------------------------


def test_agency_staff_see_only_their_agencys_requests(requests, distan_user):
    client = client_for(distan_user)
    page = client.get(reverse("support:request_list")).content.decode()
    assert "Kunjungan penyuluh" in page and "Pelatihan pelaporan" not in page
    assert client.get(detail(requests["Distan"])).status_code == 200
    assert client.get(detail(requests["DPMD"])).status_code == 404
    assert client.post(step(requests["DPMD"], "note"), {"note": "x"}).status_code == 404


def test_agency_staff_cannot_triage_a_new_request(requests, distan_user):
    response = client_for(distan_user).post(
        step(requests["Distan"], "accept"), {"agency": str(agency("Distan").pk)}
    )
    assert response.status_code == 403
    declined = client_for(distan_user).post(step(requests["Distan"], "decline"), {"reason": "x"})
    assert declined.status_code == 403


def test_agency_staff_of_another_kabupaten_see_nothing_here(requests, agencies):
    other = user_with_role(Role.OPD, "81.05", language="en")
    assert client_for(other).get(detail(requests["Distan"])).status_code == 404


def test_the_agency_schedules_starts_and_closes_with_a_response(requests, distan_user):
    request = accepted(requests["Distan"])
    client = client_for(distan_user)
    assert client.post(step(request, "schedule"), {"scheduled_for": ""}).status_code == 400
    assert (
        client.post(
            step(request, "schedule"), {"scheduled_for": "2024-04-20", "date": "2024-04-03"}
        ).status_code
        == 302
    )
    assert client.post(step(request, "start"), {"date": "2024-04-20"}).status_code == 302
    refused = client.post(step(request, "close"), {"response": ""})
    assert refused.status_code == 400
    assert "Write the response to the village" in refused.content.decode()
    done = client.post(
        step(request, "close"), {"response": "Penyuluh datang.", "date": "2024-04-21"}
    )
    assert done.status_code == 302
    page = client.get(detail(request)).content.decode()
    assert "Penyuluh datang." in page
    assert "Logbook" in page and "3 Apr 2024" in page and "20 Apr 2024" in page


def test_the_decline_form_posts_to_the_indonesian_path(requests, kabupaten_user):
    page = client_for(kabupaten_user).get(detail(requests["DPMD"])).content.decode()
    assert f'action="{detail(requests["DPMD"])}tolak/"' in page
    assert "/decline/" not in page
    response = client_for(kabupaten_user).post(
        f"{detail(requests['DPMD'])}tolak/", {"reason": "Sudah dibiayai program lain."}
    )
    assert response.status_code == 302
    assert fresh(requests["DPMD"]).status == Status.DECLINED


def test_the_old_english_path_still_declines(requests, kabupaten_user):
    # A form left open in a browser since the last upgrade posts to the old address.
    response = client_for(kabupaten_user).post(
        f"{detail(requests['DPMD'])}decline/", {"reason": "Sudah dibiayai program lain."}
    )
    assert response.status_code == 302
    assert fresh(requests["DPMD"]).status == Status.DECLINED


@pytest.mark.parametrize("path", ["tolak", "decline"])
def test_declining_another_kabupatens_request_is_a_404_on_either_path(requests, path):
    other = user_with_role(Role.TIM_KABUPATEN, "81.05", language="en")
    url = f"{detail(requests['DPMD'])}{path}/"
    assert client_for(other).post(url, {"reason": "Bukan urusan kami."}).status_code == 404
    assert fresh(requests["DPMD"]).status == Status.SUBMITTED


def test_an_unknown_step_is_a_404(requests, kabupaten_user):
    url = reverse("support:request_step", args=[requests["Distan"].pk, "reopen"])
    assert client_for(kabupaten_user).post(url).status_code == 404


# --- the village and the kecamatan ------------------------------------------------------------


def test_the_village_reads_its_requests_but_cannot_move_them(requests, village_user):
    client = client_for(village_user)
    url = reverse("support:region_requests", args=[WAINYAPU])
    page = client.get(url).content.decode()
    assert "Kunjungan penyuluh" in page and "Awaiting the kabupaten team" in page
    assert client.get(detail(requests["Distan"])).status_code == 200
    assert client.post(step(requests["Distan"], "note"), {"note": "x"}).status_code == 403
    other_desa = reverse("support:region_requests", args=["53.18.11.2001"])
    assert client.get(other_desa).status_code == 404
    assert client.get(reverse("support:region_requests", args=[KODI_BALAGHAR])).status_code == 404


def test_the_village_sees_the_response_once_closed(requests, village_user):
    request = accepted(requests["Distan"])
    services.request_close(
        request=fresh(request), response="Penyuluh datang 20 April.", actor=None, date=MEETING_DAY
    )
    page = (
        client_for(village_user)
        .get(reverse("support:region_requests", args=[WAINYAPU]))
        .content.decode()
    )
    assert "Penyuluh datang 20 April." in page and "Done" in page


def test_a_user_of_another_kecamatan_cannot_read_the_request(requests):
    other = user_with_role(Role.KECAMATAN, "53.18.04", language="en")
    assert client_for(other).get(detail(requests["Distan"])).status_code == 404
    page = client_for(other).get(reverse("support:request_list")).content.decode()
    assert "Kunjungan penyuluh" not in page


def test_the_kecamatan_page_groups_requests_by_desa(requests):
    kecamatan = user_with_role(Role.KECAMATAN, KODI_BALAGHAR, language="en")
    page = (
        client_for(kecamatan)
        .get(reverse("support:region_requests", args=[KODI_BALAGHAR]))
        .content.decode()
    )
    assert "Desa: Wainyapu" in page and page.count('class="card request-card"') == 2


# --- the meetings show the requests on their follow-ups ---------------------------------------


def test_the_next_meeting_reviews_the_request_with_its_response(requests, meeting):
    request = accepted(requests["Distan"])
    services.request_close(
        request=fresh(request), response="Penyuluh datang 20 April.", actor=None, date=MEETING_DAY
    )
    next_meeting = meeting_services.meeting_create(
        kecamatan=region(KODI_BALAGHAR),
        date=datetime.date(2024, 7, 25),
        villages=[region(WAINYAPU)],
        actor=None,
    )
    kecamatan = user_with_role(Role.KECAMATAN, KODI_BALAGHAR, language="en")
    client = client_for(kecamatan)
    page = client.get(
        reverse("meetings:meeting_detail", args=[next_meeting.id]) + f"?desa={WAINYAPU}"
    ).content.decode()
    assert "Penyuluh datang 20 April." in page
    assert "request-selesai" in page and "request-diajukan" in page
    mode = client.get(reverse("meetings:meeting_mode", args=[next_meeting.id])).content.decode()
    assert "Penyuluh datang 20 April." in mode


def test_the_village_meetings_page_shows_the_request_status(requests, village_user):
    page = client_for(village_user).get(reverse("meetings:village_meetings")).content.decode()
    assert "Support request:" in page and "Awaiting the kabupaten team" in page


# --- query counts -------------------------------------------------------------------------------


def more_requests(meeting, count: int) -> None:
    from rembuk.meetings.models import FollowUp, MeetingSheet

    sheet = MeetingSheet.objects.select_related("plan", "desa", "meeting").get(meeting=meeting)
    for number in range(count):
        meeting_services.followup_save(
            sheet=sheet,
            actor=None,
            text=f"Dukungan {number}",
            kind=FollowUp.Kind.AGENCY_SUPPORT,
            owner=FollowUp.Owner.AGENCY,
            owner_agency=agency("Disnak"),
        )
    services.requests_from_meeting(meeting=meeting, actor=None)


# Session, user, memberships, then — list: filter agencies, filter kecamatan, rows, queue (own
# regions: none for a kabupaten user); detail: the request, its logbook, the agencies to route
# to; region page: the region and its requests.
# incl. the header's unread count; the list: its rows counted for their pages
PINNED = {"list": 9, "detail": 7, "region": 6}


@pytest.mark.parametrize("extra", [0, 6])
def test_the_pages_cost_the_same_queries_whatever_the_number_of_requests(
    requests, meeting, kabupaten_user, village_user, django_assert_num_queries, extra
):
    more_requests(meeting, extra)
    kabupaten = client_for(kabupaten_user)
    village = client_for(village_user)
    list_url = reverse("support:request_list")
    detail_url = detail(requests["Distan"])
    region_url = reverse("support:region_requests", args=[WAINYAPU])
    for client, url in ((kabupaten, list_url), (kabupaten, detail_url), (village, region_url)):
        client.get(url)
    with django_assert_num_queries(PINNED["list"]):
        kabupaten.get(list_url)
    with django_assert_num_queries(PINNED["detail"]):
        kabupaten.get(detail_url)
    with django_assert_num_queries(PINNED["region"]):
        village.get(region_url)


def test_a_long_list_comes_in_pages_and_the_queue_shows_its_oldest_and_a_way_to_the_rest(
    requests, meeting, kabupaten_user, django_assert_num_queries
):
    """A national team's requests number thousands: the list shows fifty at a time, its filters
    kept from page to page, and the queue twenty cards and a link to all of them."""
    more_requests(meeting, 58)  # 60 new requests
    client = client_for(kabupaten_user)
    first = client.get(reverse("support:request_list")).content.decode()
    assert "60 new requests to route" in first
    assert first.count('class="card request-card"') == 20
    assert "See all 60 new requests in the list" in first
    assert f'href="{reverse("support:request_list")}?status=diajukan#all-requests"' in first
    assert "60 requests." in first and "Page 1 of 2" in first
    assert first.count('<tr>\n          <td data-label="Desa">') == 50

    second = client.get(reverse("support:request_list"), {"status": "diajukan", "page": "2"})
    page = second.content.decode()
    assert "Page 2 of 2" in page
    assert page.count('<tr>\n          <td data-label="Desa">') == 10
    assert 'href="?status=diajukan&amp;page=1#all-requests"' in page  # the filter kept
    # The same through htmx (the filters' change): the results, with their pages.
    swapped = client.get(
        reverse("support:request_list"), {"status": "diajukan"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert '<div id="request-results">' in swapped and "<h1>" not in swapped
    assert 'href="?status=diajukan&amp;page=2#all-requests"' in swapped
    with django_assert_num_queries(PINNED["list"] + 1):  # + the queue counted past its cards
        client.get(reverse("support:request_list"))


def test_a_filter_over_more_than_it_can_offer_takes_a_typed_kecamatan_code(
    requests, kabupaten_user, monkeypatch
):
    """Where the requests name more kecamatan or agencies than a list offers (a national team),
    the kecamatan is typed as its code, and the agencies are offered once it narrows them."""
    from rembuk.support import views

    monkeypatch.setattr(views, "CHOICES_OFFERED", 0)  # more than it offers, whatever there is
    client = client_for(kabupaten_user)
    page = client.get(reverse("support:request_list")).content.decode()
    assert (
        'id="filter-kecamatan" name="kecamatan"' in page
        and '<select id="filter-kecamatan"' not in page
    )
    assert 'id="filter-agency"' not in page
    narrowed = client.get(
        reverse("support:request_list"),
        {"kecamatan": KODI_BALAGHAR, "opd": str(requests["Distan"].agency_id)},
    ).content.decode()
    results = narrowed[narrowed.index('<div id="request-results">') :]
    assert "Kunjungan penyuluh pertanian" in results
    assert "Pelatihan pelaporan keuangan" not in results  # the agency chosen still filters
    assert f'type="hidden" name="opd" value="{requests["Distan"].agency_id}"' in narrowed
    monkeypatch.setattr(views, "CHOICES_OFFERED", 200)
    offered = client.get(reverse("support:request_list")).content.decode()
    assert '<select id="filter-agency" name="opd">' in offered


def test_the_share_page_shows_the_request_status_and_response(requests, meeting):
    from rembuk.meetings.models import MeetingSheet

    request = accepted(requests["Distan"])
    services.request_close(
        request=fresh(request), response="Penyuluh datang 20 April.", actor=None, date=MEETING_DAY
    )
    sheet = MeetingSheet.objects.select_related("meeting", "desa").get(meeting=meeting)
    link = meeting_services.share_link_create(sheet=sheet, actor=None)
    token = meeting_services.share_token(link)
    page = Client().get(reverse("meetings:shared_sheet", args=[token])).content.decode()
    assert "Penyuluh datang 20 April." in page and "request-selesai" in page
    assert reverse("support:request_detail", args=[request.pk]) not in page  # no login there


def test_the_kabupaten_reroutes_an_accepted_request_and_the_logbook_shows_both_agencies(
    requests, kabupaten_user
):
    request = accepted(requests["DPMD"])
    client = client_for(kabupaten_user)
    response = client.post(
        step(request, "reroute"),
        {"agency": str(agency("Bappeda").pk), "note": "Bappeda memegang pelatihan ini."},
    )
    assert response.status_code == 302
    assert fresh(request).agency == agency("Bappeda")
    logbook = client.get(detail(request)).content.decode().split('id="logbook"')[1]
    assert "From DPMD to Bappeda" in logbook and "Bappeda memegang pelatihan ini." in logbook


def test_accepting_without_an_agency_is_refused(requests, kabupaten_user):
    response = client_for(kabupaten_user).post(step(requests["Distan"], "accept"), {"agency": ""})
    assert response.status_code == 400
    assert "Choose the agency (OPD) that should answer." in response.content.decode()
    assert fresh(requests["Distan"]).status == Status.SUBMITTED
