from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "rembuk.learning"
    label = "learning"
