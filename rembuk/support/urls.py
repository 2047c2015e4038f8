from django.urls import path

from rembuk.support import views

app_name = "support"

urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("<uuid:request_id>/", views.request_detail, name="request_detail"),
    path("<uuid:request_id>/<slug:step>/", views.request_step, name="request_step"),
    path("wilayah/<str:code>/", views.region_requests, name="region_requests"),
]
