from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "rembuk.evaluation"
    label = "evaluation"
