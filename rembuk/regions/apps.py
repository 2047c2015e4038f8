from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "rembuk.regions"
    label = "regions"
