from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rembuk.core"
    label = "core"
