from django.urls import path

from rembuk.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.review_index, name="review_index"),
    path("desa/<str:code>/", views.review_list, name="review_list"),
    path("desa/<str:code>/baru/", views.review_create, name="review_create"),
    path("<uuid:review_id>/", views.review_detail, name="review_detail"),
    path("<uuid:review_id>/ubah/", views.review_edit, name="review_edit"),
]
