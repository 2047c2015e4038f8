from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "rembuk.support"
    label = "support"

    def ready(self) -> None:
        from rembuk.meetings.signals import meeting_closed
        from rembuk.support.receivers import requests_on_meeting_closed

        meeting_closed.connect(
            requests_on_meeting_closed, dispatch_uid="support.requests_on_meeting_closed"
        )
