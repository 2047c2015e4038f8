from django.urls import path

from rembuk.operations import views

app_name = "operations"
urlpatterns = [
    path("", views.status_page, name="status"),
]
