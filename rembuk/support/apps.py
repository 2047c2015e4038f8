from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "rembuk.support"
    label = "support"
