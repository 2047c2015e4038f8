"""Programme's three migrations as one, for new databases (docs/decisions/0014).

0003's data step is carried over: a new installation starts with one pending "all" note, so the
first refresh builds every figure (models.PendingFigures.Kind.ALL), whatever was loaded before it.
"""

import django.db.models.deletion
import django.db.models.manager
import uuid
from django.conf import settings
from django.db import migrations, models


def figures_to_build(apps, schema_editor):
    apps.get_model("programme", "PendingFigures").objects.create(kind="all")


class Migration(migrations.Migration):

    replaces = [('programme', '0001_initial'), ('programme', '0002_readable_names'), ('programme', '0003_dashboard_figures')]

    initial = True

    dependencies = [
        ('regions', '0002_alter_region_level'),
        ('regions', '0003_readable_names'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PendingFigures',
            fields=[
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('kind', models.CharField(choices=[('desa', 'Desa'), ('desa_id', 'Desa Id'), ('meeting', 'Meeting'), ('kecamatan_id', 'Kecamatan Id'), ('record', 'Record'), ('all', 'All')], max_length=12)),
                ('ref', models.CharField(blank=True, max_length=100)),
            ],
        ),
        migrations.CreateModel(
            name='DesaFigures',
            fields=[
                ('desa', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='regions.region')),
                ('code', models.CharField(max_length=20)),
                ('has_plan', models.BooleanField(default=False)),
                ('stage', models.PositiveSmallIntegerField(default=0)),
                ('stage_status', models.CharField(blank=True, max_length=10)),
                ('stage_date', models.DateField(blank=True, null=True)),
                ('review_days', models.JSONField(default=list)),
                ('meeting_days', models.JSONField(default=list)),
                ('last_review', models.DateField(blank=True, null=True)),
                ('last_meeting', models.DateField(blank=True, null=True)),
                ('last_active', models.DateField()),
                ('latest_day', models.DateField()),
                ('tallies', models.JSONField(default=list)),
            ],
            options={
                'indexes': [models.Index(fields=['code'], name='desafigures_code'), models.Index(fields=['-stage', 'code'], name='desafigures_stage'), models.Index(fields=['latest_day'], name='desafigures_latest_day')],
            },
        ),
        migrations.CreateModel(
            name='RegionTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_code', models.CharField(max_length=20)),
                ('depth', models.PositiveSmallIntegerField()),
                ('figure', models.CharField(max_length=20)),
                ('key', models.CharField(blank=True, max_length=80)),
                ('day', models.DateField()),
                ('count', models.IntegerField(default=0)),
            ],
            options={
                'indexes': [models.Index(fields=['depth', 'region_code', 'figure'], name='tally_rows')],
                'constraints': [models.UniqueConstraint(fields=('region_code', 'figure', 'key', 'day'), name='one_tally_per_region_key_day')],
            },
        ),
        migrations.CreateModel(
            name='StageProgress',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('version', models.PositiveIntegerField(default=0, editable=False)),
                ('changed_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('changed_on_node', models.CharField(blank=True, editable=False, max_length=40)),
                ('is_deleted', models.BooleanField(default=False, editable=False)),
                ('stage', models.PositiveSmallIntegerField(choices=[(1, 'Prepare the implementation guide'), (2, 'Prepare and train district trainers and facilitators'), (3, 'Prepare village facilitators'), (4, 'Facilitate the village livelihood planning'), (5, 'Adopt the village plan and send proposals to the kabupaten'), (6, 'Carry out the planned activities and monitor progress'), (7, "Follow up the villages' support needs"), (8, "Evaluate and feed back into the next period's plan")], verbose_name='stage')),
                ('status', models.CharField(choices=[('belum', 'Not started'), ('berjalan', 'In progress'), ('selesai', 'Done')], default='belum', max_length=10, verbose_name='status')),
                ('date', models.DateField(blank=True, null=True, verbose_name='date')),
                ('done_by', models.CharField(blank=True, max_length=200, verbose_name='who')),
                ('note', models.TextField(blank=True, max_length=1000, verbose_name='note')),
                ('changed_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('desa', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='stage_progress', to='regions.region', verbose_name='desa')),
            ],
            options={
                'ordering': ['desa__code', 'stage'],
                'constraints': [models.UniqueConstraint(fields=('desa', 'stage'), name='one_stage_row_per_desa')],
                'verbose_name': 'stage progress',
                'verbose_name_plural': 'stage progress',
            },
            managers=[
                ('objects', django.db.models.manager.Manager()),
                ('all_objects', django.db.models.manager.Manager()),
            ],
        ),
        migrations.RunPython(figures_to_build, migrations.RunPython.noop),
    ]
