from django.urls import path

from rembuk.district import views

app_name = "district"
urlpatterns = [
    path("", views.district_index, name="district_index"),
    path("kabupaten/<str:code>/", views.kabupaten_meetings, name="kabupaten_meetings"),
    path("kabupaten/<str:code>/baru/", views.meeting_create, name="meeting_create"),
    path("<uuid:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("<uuid:meeting_id>/simpan/", views.meeting_save, name="meeting_save"),
    path("<uuid:meeting_id>/status/", views.meeting_status, name="meeting_status"),
    path("<uuid:meeting_id>/susun-agenda/", views.agenda_build, name="agenda_build"),
    path("<uuid:meeting_id>/agenda/baru/", views.agenda_topic_add, name="agenda_topic_add"),
    path(
        "<uuid:meeting_id>/agenda/<uuid:item_id>/",
        views.agenda_item_save,
        name="agenda_item_save",
    ),
    path(
        "<uuid:meeting_id>/agenda/<uuid:item_id>/hapus/",
        views.agenda_item_delete,
        name="agenda_item_delete",
    ),
    path("<uuid:meeting_id>/notulen.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("<uuid:meeting_id>/notulen.docx", views.minutes_docx, name="minutes_docx"),
]
