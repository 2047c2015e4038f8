"""Reports' 0005 and 0006 as one, for new databases (docs/decisions/0014).

The rename runs in a migration of its own, as it did in 0005: PostgreSQL keeps a renamed table's
index and constraint names (reports_meetingexport_...), and a new database must have the same
names as an upgraded one. 0005's data step (each export's ref from its meeting) has nothing to do
on a new database, which has no exports.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('reports', '0005_documentexport'), ('reports', '0006_export_language')]

    dependencies = [
        ('reports', '0004_readable_names'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel('MeetingExport', 'DocumentExport'),
        migrations.AddField(
            model_name='documentexport',
            name='kind',
            field=models.CharField(default='meeting', max_length=20),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='documentexport',
            name='ref',
            field=models.CharField(default='', max_length=100),
            preserve_default=False,
        ),
        migrations.RemoveField(model_name='documentexport', name='meeting'),
        migrations.AddIndex(
            model_name='documentexport',
            index=models.Index(fields=['kind', 'ref', 'created_by'], name='export_of_record'),
        ),
        migrations.AddField(
            model_name='documentexport',
            name='language',
            field=models.CharField(blank=True, max_length=10),
        ),
    ]
