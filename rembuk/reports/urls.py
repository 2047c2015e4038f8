from django.urls import path

from rembuk.reports import views, views_kecamatan

app_name = "reports"
urlpatterns = [
    path("rapat/<uuid:meeting_id>/", views.meeting_downloads, name="meeting_downloads"),
    path(
        "rapat/<uuid:meeting_id>/desa/<str:desa_code>/<str:fmt>/",
        views.sheet_download,
        name="sheet_download",
    ),
    path("rapat/<uuid:meeting_id>/semua/<str:fmt>/", views.meeting_export, name="meeting_export"),
    path("rapat/<uuid:meeting_id>/undangan/<str:fmt>/", views.invitation, name="invitation"),
    path("ekspor/<uuid:export_id>/", views.export_status, name="export_status"),
    path("ekspor/<uuid:export_id>/sekarang/", views.export_retry, name="export_retry"),
    path("ekspor/<uuid:export_id>/unduh/", views.export_file, name="export_file"),
]

# Matriks 4, the kecamatan's summary for the kabupaten.
urlpatterns += [
    path(
        "rapat/<uuid:meeting_id>/matriks-4/",
        views_kecamatan.kecamatan_report_draft,
        name="kecamatan_report_draft",
    ),
    path("matriks-4/", views_kecamatan.kecamatan_report_index, name="kecamatan_report_index"),
    path(
        "matriks-4/wilayah/<str:code>/",
        views_kecamatan.kecamatan_report_list,
        name="kecamatan_report_list",
    ),
    path(
        "matriks-4/<uuid:report_id>/",
        views_kecamatan.kecamatan_report_detail,
        name="kecamatan_report_detail",
    ),
    path(
        "matriks-4/<uuid:report_id>/desa/<uuid:row_id>/<str:field>/",
        views_kecamatan.kecamatan_report_cell_save,
        name="kecamatan_report_cell_save",
    ),
    path(
        "matriks-4/<uuid:report_id>/desa/<uuid:row_id>/pindah/<str:direction>/",
        views_kecamatan.kecamatan_report_row_move,
        name="kecamatan_report_row_move",
    ),
    path(
        "matriks-4/<uuid:report_id>/catatan/",
        views_kecamatan.kecamatan_report_note_save,
        name="kecamatan_report_note_save",
    ),
    path(
        "matriks-4/<uuid:report_id>/kirim/",
        views_kecamatan.kecamatan_report_send,
        name="kecamatan_report_send",
    ),
    path(
        "matriks-4/<uuid:report_id>/koreksi/",
        views_kecamatan.kecamatan_report_correct,
        name="kecamatan_report_correct",
    ),
    path(
        "matriks-4/<uuid:report_id>/unduh/<str:fmt>/",
        views_kecamatan.kecamatan_report_download,
        name="kecamatan_report_download",
    ),
]
