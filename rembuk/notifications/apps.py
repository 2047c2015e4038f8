from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "rembuk.notifications"
    label = "notifications"
