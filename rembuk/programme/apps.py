from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "rembuk.programme"
    label = "programme"
