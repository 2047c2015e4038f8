from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "rembuk.evaluation"
    label = "evaluation"

    def ready(self) -> None:
        from rembuk.evaluation.documents import register_kecamatan_evaluation

        register_kecamatan_evaluation()
