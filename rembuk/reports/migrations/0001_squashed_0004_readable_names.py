"""Reports' first four migrations as one, for new databases (docs/decisions/0014).

0005 and 0006 have their own squash: 0005 renames MeetingExport, and only a rename in a later
migration (after this one has created the table's constraints) keeps PostgreSQL's names of them.
"""

import django.db.models.deletion
import django.db.models.manager
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('reports', '0001_initial'), ('reports', '0002_kecamatanreport_kecamatanreportrow'), ('reports', '0003_kecamatanreport_edition'), ('reports', '0004_readable_names')]

    initial = True

    dependencies = [
        ('meetings', '0001_initial'),
        ('meetings', '0003_followup_source_lesson'),
        ('meetings', '0004_readable_names'),
        ('regions', '0002_alter_region_level'),
        ('regions', '0003_readable_names'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='KecamatanReport',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('changed_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('changed_on_node', models.CharField(blank=True, editable=False, max_length=40)),
                ('is_deleted', models.BooleanField(default=False, editable=False)),
                ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                ('status', models.CharField(choices=[('draf', 'Draft'), ('terkirim', 'Sent'), ('diganti', 'Superseded by a correction')], default='draf', max_length=10, verbose_name='status')),
                ('note', models.TextField(blank=True, max_length=5000, verbose_name='note to the kabupaten')),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent at')),
                ('changed_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('kecamatan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='kecamatan_reports', to='regions.region', verbose_name='kecamatan')),
                ('meeting', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='kecamatan_reports', to='meetings.coordinationmeeting', verbose_name='meeting')),
                ('previous', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='corrections', to='reports.kecamatanreport')),
                ('sent_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='sent by')),
            ],
            options={
                'ordering': ['-sent_at', '-changed_at'],
                'verbose_name': 'kecamatan report (Matriks 4)',
                'verbose_name_plural': 'kecamatan reports (Matriks 4)',
            },
            managers=[
                ('objects', django.db.models.manager.Manager()),
                ('all_objects', django.db.models.manager.Manager()),
            ],
        ),
        # 0003 and 0004 altered these two columns: SQLite rebuilds the table for such a change and
        # moves the column to the end, so replaying the changes gives new databases the same
        # column order as upgraded ones.
        migrations.AddField(
            model_name='kecamatanreport',
            name='edition',
            field=models.PositiveIntegerField(default=1, verbose_name='version'),
        ),
        migrations.AlterField(
            model_name='kecamatanreport',
            name='version',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AlterField(
            model_name='kecamatanreport',
            name='previous',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='corrections', to='reports.kecamatanreport', verbose_name='version it replaces'),
        ),
        migrations.CreateModel(
            name='KecamatanReportRow',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('version', models.PositiveIntegerField(default=0, editable=False)),
                ('changed_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('changed_on_node', models.CharField(blank=True, editable=False, max_length=40)),
                ('is_deleted', models.BooleanField(default=False, editable=False)),
                ('position', models.PositiveIntegerField(default=0, verbose_name='order')),
                ('goals_and_efforts', models.TextField(blank=True, max_length=5000, verbose_name='goals and what the village is doing')),
                ('challenges', models.TextField(blank=True, max_length=5000, verbose_name='challenges the village faces and their causes')),
                ('support_needed', models.TextField(blank=True, max_length=5000, verbose_name='follow-up or support needed')),
                ('changed_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('desa', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.region', verbose_name='desa')),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rows', to='reports.kecamatanreport', verbose_name='kecamatan report (Matriks 4)')),
            ],
            options={
                'ordering': ['position', 'desa__name'],
                'verbose_name': 'row of the kecamatan report',
                'verbose_name_plural': 'rows of the kecamatan report',
            },
            managers=[
                ('objects', django.db.models.manager.Manager()),
                ('all_objects', django.db.models.manager.Manager()),
            ],
        ),
        migrations.CreateModel(
            name='MeetingExport',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('format', models.CharField(max_length=16)),
                ('desa_code', models.CharField(blank=True, max_length=20)),
                ('status', models.CharField(choices=[('queued', 'Waiting'), ('running', 'Being built'), ('done', 'Ready'), ('failed', 'Failed')], default='queued', max_length=8)),
                ('done', models.PositiveIntegerField(default=0)),
                ('total', models.PositiveIntegerField(default=0)),
                ('filename', models.CharField(blank=True, max_length=200)),
                ('content_type', models.CharField(blank=True, max_length=100)),
                ('size', models.PositiveBigIntegerField(default=0)),
                ('error', models.TextField(blank=True)),
                ('task_id', models.CharField(blank=True, max_length=64)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='exports', to='meetings.coordinationmeeting')),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
    ]
