from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "rembuk.evaluation"
    label = "evaluation"
    # Registered when a document is first asked for (rembuk.reports.background.kinds).
    document_kinds = "rembuk.evaluation.documents.register_kecamatan_evaluation"
