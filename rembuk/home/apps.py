from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "rembuk.home"
    label = "home"
