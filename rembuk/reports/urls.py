from django.urls import path

from rembuk.reports import views

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
