from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "rembuk.demo"
    label = "demo"
