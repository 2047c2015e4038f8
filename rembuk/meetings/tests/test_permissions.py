"""Who may do what with a meeting of Kecamatan Kodi Balaghar (53.18.11): role × region × action."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rembuk.core.testing import user_with_role
from rembuk.meetings import services
from rembuk.meetings.models import CoordinationMeeting, MeetingSheet, PresenterState
from rembuk.meetings.tests.conftest import KODI_BALAGHAR, WAINYAPU
from rembuk.people.models import Role

pytestmark = pytest.mark.django_db

TELUK_WARU = "81.05.15"
WARU = "81.05.15.2001"

# (role, region) → expected status for: read the meeting page, meeting mode, write a cell,
# open the close page, open the scheduling form of Kodi Balaghar.
READ, MODE, WRITE, CLOSE, SCHEDULE = range(5)
MATRIX = [
    (Role.KECAMATAN, KODI_BALAGHAR, (200, 200, 200, 200, 200)),
    (Role.KECAMATAN, TELUK_WARU, (404, 404, 404, 404, 404)),
    # Roles that run no meeting anywhere are refused (403) by the view rule before any lookup.
    (Role.TIM_DESA, WAINYAPU, (200, 200, 403, 403, 403)),
    (Role.FASILITATOR_DESA, WAINYAPU, (200, 200, 403, 403, 403)),
    (Role.TIM_DESA, WARU, (404, 404, 403, 403, 403)),
    (Role.TIM_KABUPATEN, "53.18", (200, 200, 403, 403, 403)),
    (Role.OPD, "53.18", (200, 200, 403, 403, 403)),
    (Role.FASILITATOR_KABUPATEN, "53.18", (200, 200, 200, 200, 200)),
    (Role.FASILITATOR_KABUPATEN, "81.05", (404, 404, 404, 404, 404)),
    (Role.TIM_PROGRAM, "53", (200, 200, 200, 200, 200)),
    (Role.TIM_KABUPATEN, "81.05", (404, 404, 403, 403, 403)),
]


def statuses(client: Client, meeting: CoordinationMeeting) -> tuple[int, ...]:
    sheet = MeetingSheet.objects.get(meeting=meeting, desa__code=WAINYAPU)
    goal = sheet.plan.goals.first()
    return (
        client.get(reverse("meetings:meeting_detail", args=[meeting.id])).status_code,
        client.get(reverse("meetings:meeting_mode", args=[meeting.id])).status_code,
        client.post(
            reverse("meetings:challenge_save", args=[meeting.id, sheet.id]),
            {"goal": goal.id, "text": "Kendala", "was_text": ""},
            HTTP_HX_REQUEST="true",
        ).status_code,
        client.get(reverse("meetings:meeting_close", args=[meeting.id])).status_code,
        client.get(reverse("meetings:meeting_create", args=[KODI_BALAGHAR])).status_code,
    )


@pytest.mark.parametrize(("role", "code", "expected"), MATRIX)
def test_permission_matrix(meeting, role, code, expected):
    client = Client()
    client.force_login(user_with_role(role, code))
    assert statuses(client, meeting) == expected


def test_anonymous_people_are_sent_to_log_in(meeting):
    response = Client().get(reverse("meetings:meeting_detail", args=[meeting.id]))
    assert response.status_code == 302
    assert reverse("people:login") in response["Location"]


def test_the_other_kecamatan_cannot_drive_the_projector_or_make_share_links(meeting):
    client = Client()
    client.force_login(user_with_role(Role.KECAMATAN, TELUK_WARU))
    sheet = MeetingSheet.objects.get(meeting=meeting, desa__code=WAINYAPU)
    assert (
        client.post(
            reverse("meetings:presenter_move", args=[meeting.id]), {"step": "next-village"}
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("meetings:share_link_create", args=[meeting.id, sheet.id])).status_code
        == 404
    )
    assert (
        client.get(reverse("meetings:kecamatan_meetings", args=[KODI_BALAGHAR])).status_code == 404
    )


@pytest.mark.parametrize(
    ("role", "code", "refused"),
    [
        (Role.TIM_DESA, WAINYAPU, 403),  # follows the projector in meeting mode; does not drive
        (Role.TIM_KABUPATEN, "53.18", 403),  # a reader's screen
        (Role.KECAMATAN, TELUK_WARU, 404),  # another kecamatan: no such meeting for it
    ],
)
def test_a_follower_or_another_kecamatan_cannot_move_the_room_within_a_row(
    meeting, role, code, refused
):
    """The position within a tall row is written under the same checks as the row: a forged
    POST from a screen that only follows, or from another kecamatan, changes nothing."""
    sheet = MeetingSheet.objects.get(meeting=meeting, desa__code=WAINYAPU)
    services.presenter_move(meeting=meeting, sheet=sheet, row=1)
    client = Client()
    client.force_login(user_with_role(role, code))
    forged = client.post(
        reverse("meetings:presenter_move", args=[meeting.id]),
        {"sheet": sheet.id, "row": "1", "fraction": "0.9"},
        HTTP_HX_REQUEST="true",
    )
    assert forged.status_code == refused
    state = PresenterState.objects.get(meeting=meeting)
    assert (state.sheet_id, state.row, state.row_fraction) == (sheet.id, 1, 0.0)


def test_the_position_within_a_row_is_not_written_without_the_csrf_token(meeting):
    """Another site cannot make the kecamatan's signed-in browser post a position."""
    sheet = MeetingSheet.objects.get(meeting=meeting, desa__code=WAINYAPU)
    services.presenter_move(meeting=meeting, sheet=sheet, row=1)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_with_role(Role.KECAMATAN, KODI_BALAGHAR))
    move = reverse("meetings:presenter_move", args=[meeting.id])
    posted = {"sheet": sheet.id, "row": "1", "fraction": "0.9"}
    assert client.post(move, posted).status_code == 403
    assert PresenterState.objects.get(meeting=meeting).row_fraction == 0.0
    # With the page's token (as meeting-mode.js sends it), the same position is kept.
    client.get(reverse("meetings:meeting_mode", args=[meeting.id]))
    token = client.cookies["csrftoken"].value
    assert client.post(move, {**posted, "csrfmiddlewaretoken": token}).status_code == 204
    assert PresenterState.objects.get(meeting=meeting).row_fraction == 0.9


def test_a_village_may_record_only_its_own_session_date(meeting):
    client = Client()
    client.force_login(user_with_role(Role.TIM_DESA, WAINYAPU))
    assert (
        client.get(reverse("meetings:kecamatan_meetings", args=[KODI_BALAGHAR])).status_code == 200
    )
    other = MeetingSheet.objects.filter(meeting=meeting).exclude(desa__code=WAINYAPU).first()
    refused = client.post(
        reverse("meetings:village_review_add", args=[other.desa.code]),
        {"date": "2024-03-01", "status": "terlaksana"},
    )
    assert refused.status_code == 404
    own = client.post(
        reverse("meetings:village_review_add", args=[WAINYAPU]),
        {"date": "2024-03-01", "status": "terlaksana"},
    )
    assert own.status_code == 302


@pytest.mark.parametrize("how", ["expired", "revoked"])
def test_an_expired_or_revoked_share_token_is_404(meeting, how):
    sheet = MeetingSheet.objects.get(meeting=meeting, desa__code=WAINYAPU)
    link = services.share_link_create(sheet=sheet, actor=None)
    url = reverse("meetings:shared_sheet", args=[services.share_token(link)])
    assert Client().get(url).status_code == 200
    if how == "expired":
        link.expires_at = timezone.now() - datetime.timedelta(seconds=1)
        link.save()
    else:
        services.share_link_revoke(link=link, actor=None)
    assert Client().get(url).status_code == 404


def test_opening_a_meeting_by_id_follows_the_rule_of_the_meeting_lists(meeting):
    """meeting_for_user() checks the rule on the record it read; it must answer as the lists'
    query does, for every role, a superuser, a deactivated person and a malformed id."""
    from django.http import Http404

    from rembuk.core.testing import UserFactory
    from rembuk.meetings.selectors import meeting_for_user, meetings_visible_to

    people = [user_with_role(role, code) for role, code, _expected in MATRIX]
    people += [UserFactory(), UserFactory(is_superuser=True), UserFactory(is_superuser=True)]
    people[-1].is_active = False
    for person in people:
        listed = meetings_visible_to(person).filter(pk=meeting.pk).exists()
        try:
            opened = meeting_for_user(person, meeting.pk)
        except Http404:
            opened = None
        assert (opened is not None) == listed, person
        if opened:
            assert opened.kecamatan.parent.parent.code == "53"  # read with it, as before
    for wrong in ("not-a-uuid", "00000000-0000-4000-8000-000000000000", None):
        with pytest.raises(Http404):
            meeting_for_user(people[-2], wrong)
