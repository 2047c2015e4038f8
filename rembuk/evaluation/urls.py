from django.urls import path

from rembuk.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("rencana/<uuid:plan_id>/", views.evaluation_detail, name="evaluation_detail"),
    path("rencana/<uuid:plan_id>/isi/", views.evaluation_edit, name="evaluation_edit"),
    path("rencana/<uuid:plan_id>/pdf/", views.evaluation_pdf, name="evaluation_pdf"),
    path("rencana/<uuid:plan_id>/docx/", views.evaluation_docx, name="evaluation_docx"),
    path("rencana/<uuid:plan_id>/berikutnya/", views.next_plan, name="next_plan"),
    path("rencana/<uuid:plan_id>/panel/", views.plan_panel, name="plan_panel"),
    path("kecamatan/<str:code>/", views.kecamatan_evaluations, name="kecamatan_evaluations"),
    path(
        "kecamatan/<str:code>/<int:start>-<int:end>/pdf/",
        views.kecamatan_pdf,
        name="kecamatan_pdf",
    ),
    path(
        "kecamatan/<str:code>/<int:start>-<int:end>/docx/",
        views.kecamatan_docx,
        name="kecamatan_docx",
    ),
    path("desa/<str:code>/aset/", views.assets_list, name="assets_list"),
    path("desa/<str:code>/aset/tambah/", views.assets_add, name="assets_add"),
    path("aset/<uuid:assets_id>/", views.assets_edit, name="assets_edit"),
]
