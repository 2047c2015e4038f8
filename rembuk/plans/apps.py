from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "rembuk.plans"
    label = "plans"
