from django.urls import path

from rembuk.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="notification_list"),
    path("<int:notification_id>/buka/", views.notification_open, name="notification_open"),
    path("<int:notification_id>/dibaca/", views.notification_read, name="notification_read"),
    path("semua-dibaca/", views.notifications_read_all, name="notifications_read_all"),
    path("email/", views.notification_preference, name="notification_preference"),
]
