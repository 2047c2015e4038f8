from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "rembuk.api"
    label = "api"
    verbose_name = "API"
