from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "rembuk.people"
    label = "people"
