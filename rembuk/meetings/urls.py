from django.urls import path

from rembuk.meetings.views import cells, page, projector, schedule, sharing

app_name = "meetings"
urlpatterns = [
    path("", schedule.meeting_list, name="meeting_list"),
    path("desa-saya/", schedule.village_meetings, name="village_meetings"),
    path("berbagi/<str:token>/", sharing.shared_sheet, name="shared_sheet"),
    # Scheduling: a kecamatan's villages, their own session dates, and its meetings.
    path("kecamatan/<str:code>/", schedule.kecamatan_meetings, name="kecamatan_meetings"),
    path("kecamatan/<str:code>/baru/", schedule.meeting_create, name="meeting_create"),
    path("pemantauan-desa/<str:code>/", schedule.village_review_add, name="village_review_add"),
    # One meeting.
    path("<uuid:meeting_id>/", page.meeting_detail, name="meeting_detail"),
    path("<uuid:meeting_id>/ubah/", schedule.meeting_edit, name="meeting_edit"),
    path("<uuid:meeting_id>/mulai/", page.meeting_open, name="meeting_open"),
    path("<uuid:meeting_id>/tutup/", page.meeting_close, name="meeting_close"),
    path("<uuid:meeting_id>/buka-kembali/", page.meeting_reopen, name="meeting_reopen"),
    path("<uuid:meeting_id>/peserta/", cells.meeting_participants, name="meeting_participants"),
    path(
        "<uuid:meeting_id>/tinjauan/<uuid:followup_id>/",
        cells.followup_review_save,
        name="followup_review_save",
    ),
    # One village's sheet in the meeting.
    path("<uuid:meeting_id>/desa/<uuid:sheet_id>/pindah/", page.sheet_move, name="sheet_move"),
    path(
        "<uuid:meeting_id>/desa/<uuid:sheet_id>/perwakilan/",
        cells.sheet_attendance,
        name="sheet_attendance",
    ),
    path(
        "<uuid:meeting_id>/desa/<uuid:sheet_id>/kendala/",
        cells.challenge_save,
        name="challenge_save",
    ),
    path(
        "<uuid:meeting_id>/desa/<uuid:sheet_id>/tindak-lanjut/",
        cells.followup_save,
        name="followup_save",
    ),
    path(
        "<uuid:meeting_id>/desa/<uuid:sheet_id>/<str:kind>/<uuid:item_id>/hapus/",
        page.item_delete,
        name="item_delete",
    ),
    path(
        "<uuid:meeting_id>/desa/<uuid:sheet_id>/baru/<str:kind>/<uuid:goal_id>/",
        page.blank_item,
        name="blank_item",
    ),
    path(
        "<uuid:meeting_id>/desa/<uuid:sheet_id>/tujuan/<uuid:goal_id>/",
        cells.goal_review_save,
        name="goal_review_save",
    ),
    path(
        "<uuid:meeting_id>/desa/<uuid:sheet_id>/tautan/",
        sharing.share_link_create,
        name="share_link_create",
    ),
    path(
        "<uuid:meeting_id>/tautan/<int:link_id>/cabut/",
        sharing.share_link_revoke,
        name="share_link_revoke",
    ),
    # Meeting mode for the projector, and the laptop that drives it.
    path("<uuid:meeting_id>/layar/", projector.meeting_mode, name="meeting_mode"),
    path("<uuid:meeting_id>/layar/pindah/", projector.presenter_move, name="presenter_move"),
]
