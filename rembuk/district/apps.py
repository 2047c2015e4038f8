from django.apps import AppConfig


class DistrictConfig(AppConfig):
    name = "rembuk.district"
    label = "district"
    # Registered when a document is first asked for (rembuk.reports.background.kinds).
    document_kinds = "rembuk.district.documents.register_minutes"
