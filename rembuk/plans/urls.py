from django.urls import path

from rembuk.plans import views, views_transfer

app_name = "plans"
urlpatterns = [
    # Plans and their Matriks 1 page, edited in place (views.py).
    path("", views.plan_list, name="plan_list"),
    path("baru/", views.plan_create, name="plan_create"),
    path("<uuid:plan_id>/", views.plan_detail, name="plan_detail"),
    path("<uuid:plan_id>/riwayat/", views.plan_history, name="plan_history"),
    path("musrenbang/<str:kecamatan_code>/", views.musrenbang_proposals, name="musrenbang_proposals"),
    path(
        "musrenbang/<str:kecamatan_code>/xlsx/",
        views.musrenbang_proposals_xlsx,
        name="musrenbang_proposals_xlsx",
    ),
    # Import and export of plans as files (views_transfer.py).
    path("templat.xlsx", views_transfer.plan_template_xlsx, name="plan_template_xlsx"),
    path("impor/", views_transfer.plan_import, name="plan_import"),
    path("<uuid:plan_id>/unduh.xlsx", views_transfer.plan_export_xlsx, name="plan_export_xlsx"),
    path("<uuid:plan_id>/unduh.pdf", views_transfer.plan_export_pdf, name="plan_export_pdf"),
]
