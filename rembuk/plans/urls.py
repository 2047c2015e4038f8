from django.urls import path

from rembuk.plans import views, views_transfer

app_name = "plans"
urlpatterns = [
    # Plans and their Matriks 1 page, edited in place (views.py).
    path("", views.plan_list, name="plan_list"),
    path("baru/", views.plan_create, name="plan_create"),
    path("<uuid:plan_id>/", views.plan_detail, name="plan_detail"),
    path("<uuid:plan_id>/riwayat/", views.plan_history, name="plan_history"),
    path("<uuid:plan_id>/ubah/", views.plan_update, name="plan_update"),
    path("<uuid:plan_id>/tetapkan/", views.plan_adopt, name="plan_adopt"),
    path("<uuid:plan_id>/hapus/", views.plan_delete, name="plan_delete"),
    path("<uuid:plan_id>/tujuan/baru/", views.goal_add, name="goal_add"),
    path("<uuid:plan_id>/tujuan/<uuid:goal_id>/", views.goal_fragment, name="goal_fragment"),
    path("<uuid:plan_id>/tujuan/<uuid:goal_id>/ubah/", views.goal_edit, name="goal_edit"),
    path("<uuid:plan_id>/tujuan/<uuid:goal_id>/hapus/", views.goal_delete, name="goal_delete"),
    path("<uuid:plan_id>/tujuan/<uuid:goal_id>/pindah/", views.goal_move, name="goal_move"),
    path(
        "<uuid:plan_id>/tujuan/<uuid:goal_id>/sasaran/baru/",
        views.milestone_add,
        name="milestone_add",
    ),
    path(
        "<uuid:plan_id>/tujuan/<uuid:goal_id>/kegiatan/baru/",
        views.activity_add,
        name="activity_add",
    ),
    path(
        "<uuid:plan_id>/sasaran/<uuid:milestone_id>/ubah/",
        views.milestone_edit,
        name="milestone_edit",
    ),
    path(
        "<uuid:plan_id>/sasaran/<uuid:milestone_id>/hapus/",
        views.milestone_delete,
        name="milestone_delete",
    ),
    path(
        "<uuid:plan_id>/sasaran/<uuid:milestone_id>/pindah/",
        views.milestone_move,
        name="milestone_move",
    ),
    path(
        "<uuid:plan_id>/kegiatan/<uuid:activity_id>/ubah/",
        views.activity_edit,
        name="activity_edit",
    ),
    path(
        "<uuid:plan_id>/kegiatan/<uuid:activity_id>/hapus/",
        views.activity_delete,
        name="activity_delete",
    ),
    path(
        "<uuid:plan_id>/kegiatan/<uuid:activity_id>/pindah/",
        views.activity_move,
        name="activity_move",
    ),
    path(
        "<uuid:plan_id>/kegiatan/<uuid:activity_id>/ketergantungan/",
        views.activity_dependencies,
        name="activity_dependencies",
    ),
    path(
        "musrenbang/<str:kecamatan_code>/",
        views.musrenbang_proposals,
        name="musrenbang_proposals",
    ),
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
