from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "rembuk.meetings"
    label = "meetings"
