from django.urls import path

from rembuk.programme import views

app_name = "programme"

urlpatterns = [
    path("dasbor/", views.dashboard, name="dashboard"),
    path("dasbor/unduh/<slug:key>.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("dasbor/<str:code>/", views.region_dashboard, name="region_dashboard"),
    path(
        "dasbor/<str:code>/unduh/<slug:key>.xlsx",
        views.region_dashboard_xlsx,
        name="region_dashboard_xlsx",
    ),
    path("desa/<str:code>/tahapan/", views.desa_stages, name="desa_stages"),
    path("desa/<str:code>/tahapan/<int:stage>/", views.stage_edit, name="stage_edit"),
]
