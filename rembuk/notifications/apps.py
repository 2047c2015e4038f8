from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "rembuk.notifications"
    label = "notifications"

    def ready(self) -> None:
        from rembuk.core.signals import change_recorded
        from rembuk.notifications.rules import on_change_recorded

        change_recorded.connect(on_change_recorded, dispatch_uid="notifications.rules")
