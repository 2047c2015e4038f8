from django.urls import path

from rembuk.regions import views

app_name = "regions"
urlpatterns = [
    path("", views.region_list, name="region_list"),
    path("cari/", views.region_search, name="region_search"),
    path("<str:code>/", views.region_detail, name="region_detail"),
]
