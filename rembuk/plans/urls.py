from django.urls import path

from rembuk.plans import views, views_editing, views_musrenbang, views_transfer

app_name = "plans"
urlpatterns = [
    # Plans and their Matriks 1 page (views.py), edited in place (views_editing.py).
    path("", views.plan_list, name="plan_list"),
    path("baru/", views.plan_create, name="plan_create"),
    path("<uuid:plan_id>/", views.plan_detail, name="plan_detail"),
    path("<uuid:plan_id>/riwayat/", views.plan_history, name="plan_history"),
    path("<uuid:plan_id>/ubah/", views.plan_update, name="plan_update"),
    path("<uuid:plan_id>/tetapkan/", views.plan_adopt, name="plan_adopt"),
    path("<uuid:plan_id>/hapus/", views.plan_delete, name="plan_delete"),
    path("<uuid:plan_id>/tujuan/baru/", views_editing.goal_add, name="goal_add"),
    path("<uuid:plan_id>/tujuan/<uuid:goal_id>/", views.goal_fragment, name="goal_fragment"),
    path("<uuid:plan_id>/tujuan/<uuid:goal_id>/ubah/", views_editing.goal_edit, name="goal_edit"),
    path(
        "<uuid:plan_id>/tujuan/<uuid:goal_id>/hapus/", views_editing.goal_delete, name="goal_delete"
    ),
    path("<uuid:plan_id>/tujuan/<uuid:goal_id>/pindah/", views_editing.goal_move, name="goal_move"),
    path(
        "<uuid:plan_id>/tujuan/<uuid:goal_id>/sasaran/baru/",
        views_editing.milestone_add,
        name="milestone_add",
    ),
    path(
        "<uuid:plan_id>/tujuan/<uuid:goal_id>/kegiatan/baru/",
        views_editing.activity_add,
        name="activity_add",
    ),
    path(
        "<uuid:plan_id>/sasaran/<uuid:milestone_id>/ubah/",
        views_editing.milestone_edit,
        name="milestone_edit",
    ),
    path(
        "<uuid:plan_id>/sasaran/<uuid:milestone_id>/hapus/",
        views_editing.milestone_delete,
        name="milestone_delete",
    ),
    path(
        "<uuid:plan_id>/sasaran/<uuid:milestone_id>/pindah/",
        views_editing.milestone_move,
        name="milestone_move",
    ),
    path(
        "<uuid:plan_id>/kegiatan/<uuid:activity_id>/ubah/",
        views_editing.activity_edit,
        name="activity_edit",
    ),
    path(
        "<uuid:plan_id>/kegiatan/<uuid:activity_id>/hapus/",
        views_editing.activity_delete,
        name="activity_delete",
    ),
    path(
        "<uuid:plan_id>/kegiatan/<uuid:activity_id>/pindah/",
        views_editing.activity_move,
        name="activity_move",
    ),
    path(
        "<uuid:plan_id>/kegiatan/<uuid:activity_id>/ketergantungan/",
        views_editing.activity_dependencies,
        name="activity_dependencies",
    ),
    # The Musrenbang Kecamatan proposals (views_musrenbang.py).
    path(
        "musrenbang/<str:kecamatan_code>/",
        views_musrenbang.musrenbang_proposals,
        name="musrenbang_proposals",
    ),
    path(
        "musrenbang/<str:kecamatan_code>/xlsx/",
        views_musrenbang.musrenbang_proposals_xlsx,
        name="musrenbang_proposals_xlsx",
    ),
    # Import and export of plans as files (views_transfer.py).
    path("templat.xlsx", views_transfer.plan_template_xlsx, name="plan_template_xlsx"),
    path("impor/", views_transfer.plan_import, name="plan_import"),
    path("<uuid:plan_id>/unduh.xlsx", views_transfer.plan_export_xlsx, name="plan_export_xlsx"),
    path("<uuid:plan_id>/unduh.pdf", views_transfer.plan_export_pdf, name="plan_export_pdf"),
]
