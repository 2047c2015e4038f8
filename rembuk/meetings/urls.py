from django.urls import path

from rembuk.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("desa-saya/", views.village_meetings, name="village_meetings"),
    path("berbagi/<str:token>/", views.shared_sheet, name="shared_sheet"),
    # Scheduling: a kecamatan's villages, their own session dates, and its meetings.
    path("kecamatan/<str:code>/", views.kecamatan_meetings, name="kecamatan_meetings"),
    path("kecamatan/<str:code>/baru/", views.meeting_create, name="meeting_create"),
    path("pemantauan-desa/<str:code>/", views.village_review_add, name="village_review_add"),
    # One meeting.
    path("<uuid:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("<uuid:meeting_id>/ubah/", views.meeting_edit, name="meeting_edit"),
    path("<uuid:meeting_id>/mulai/", views.meeting_open, name="meeting_open"),
    path("<uuid:meeting_id>/tutup/", views.meeting_close, name="meeting_close"),
    path("<uuid:meeting_id>/buka-kembali/", views.meeting_reopen, name="meeting_reopen"),
    path("<uuid:meeting_id>/peserta/", views.meeting_participants, name="meeting_participants"),
    path(
        "<uuid:meeting_id>/tinjauan/<uuid:followup_id>/",
        views.followup_review_save,
        name="followup_review_save",
    ),
    # One village's sheet in the meeting.
    path("<uuid:meeting_id>/desa/<uuid:sheet_id>/pindah/", views.sheet_move, name="sheet_move"),
    path(
        "<uuid:meeting_id>/desa/<uuid:sheet_id>/perwakilan/",
        views.sheet_attendance,
        name="sheet_attendance",
    ),
    path(
        "<uuid:meeting_id>/desa/<uuid:sheet_id>/kendala/",
        views.challenge_save,
        name="challenge_save",
    ),
    path(
        "<uuid:meeting_id>/desa/<uuid:sheet_id>/tindak-lanjut/",
        views.followup_save,
        name="followup_save",
    ),
    path(
        "<uuid:meeting_id>/desa/<uuid:sheet_id>/<str:kind>/<uuid:item_id>/hapus/",
        views.item_delete,
        name="item_delete",
    ),
    path(
        "<uuid:meeting_id>/desa/<uuid:sheet_id>/baru/<str:kind>/<uuid:goal_id>/",
        views.blank_item,
        name="blank_item",
    ),
    path(
        "<uuid:meeting_id>/desa/<uuid:sheet_id>/tujuan/<uuid:goal_id>/",
        views.goal_review_save,
        name="goal_review_save",
    ),
    path(
        "<uuid:meeting_id>/desa/<uuid:sheet_id>/tautan/",
        views.share_link_create,
        name="share_link_create",
    ),
    path(
        "<uuid:meeting_id>/tautan/<int:link_id>/cabut/",
        views.share_link_revoke,
        name="share_link_revoke",
    ),
    # Meeting mode for the projector, and the laptop that drives it.
    path("<uuid:meeting_id>/layar/", views.meeting_mode, name="meeting_mode"),
    path("<uuid:meeting_id>/layar/pindah/", views.presenter_move, name="presenter_move"),
]
