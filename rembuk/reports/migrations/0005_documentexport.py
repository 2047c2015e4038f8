from django.conf import settings
from django.db import migrations, models


def refs_from_meetings(apps, schema_editor):
    Export = apps.get_model("reports", "DocumentExport")
    for export in Export.objects.all():
        export.ref = str(export.meeting_id)
        export.save(update_fields=["ref"])


class Migration(migrations.Migration):
    """A meeting's exports become one kind of document built in the background."""

    dependencies = [
        ("reports", "0004_readable_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("MeetingExport", "DocumentExport"),
        migrations.AddField(
            model_name="documentexport",
            name="kind",
            field=models.CharField(default="meeting", max_length=20),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="documentexport",
            name="ref",
            field=models.CharField(default="", max_length=100),
            preserve_default=False,
        ),
        migrations.RunPython(refs_from_meetings, migrations.RunPython.noop),
        migrations.RemoveField(model_name="documentexport", name="meeting"),
        migrations.AddIndex(
            model_name="documentexport",
            index=models.Index(fields=["kind", "ref", "created_by"], name="export_of_record"),
        ),
    ]
