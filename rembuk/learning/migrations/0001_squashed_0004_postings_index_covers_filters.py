"""Learning's first four migrations as one, for new databases (docs/decisions/0014).

0003's data step (copying each lesson's scope onto its index rows, dropping the old `~theme`
rows) only moves existing rows: a new database has none, so it is left out. 0005 to 0008 have a
squash of their own: 0005 depends on meetings 0003, which depends on learning 0001.
"""

import django.db.models.deletion
import django.db.models.manager
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('learning', '0001_initial'), ('learning', '0002_vocabulary'), ('learning', '0003_impact_ordered_postings'), ('learning', '0004_postings_index_covers_filters')]

    initial = True

    dependencies = [
        ('meetings', '0002_share_token_and_presenter'),
        ('regions', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Lesson',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('version', models.PositiveIntegerField(default=0, editable=False)),
                ('changed_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('changed_on_node', models.CharField(blank=True, editable=False, max_length=40)),
                ('is_deleted', models.BooleanField(default=False, editable=False)),
                ('happened_on', models.DateField(verbose_name='when')),
                ('what_happened', models.TextField(max_length=5000, verbose_name='what happened')),
                ('why', models.TextField(blank=True, max_length=5000, verbose_name='why')),
                ('what_was_tried', models.TextField(blank=True, max_length=5000, verbose_name='what was tried')),
                ('outcome', models.CharField(choices=[('berhasil', 'Worked'), ('sebagian', 'Partly worked'), ('tidak', 'Did not work'), ('belum_diketahui', 'Not known yet')], default='belum_diketahui', max_length=16, verbose_name='did it work')),
                ('contact', models.CharField(blank=True, max_length=300, verbose_name='who to ask')),
                ('themes', models.JSONField(blank=True, default=list, verbose_name='themes')),
                ('suggested_themes', models.JSONField(blank=True, default=list)),
                ('shared_beyond_kabupaten', models.BooleanField(default=False, verbose_name='shared beyond the kabupaten')),
                ('summary_edited', models.BooleanField(default=False)),
                ('challenge', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='lessons', to='meetings.challenge')),
                ('changed_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('desa', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='lessons', to='regions.region')),
            ],
            options={
                'ordering': ['-happened_on'],
            },
            managers=[
                ('objects', django.db.models.manager.Manager()),
                ('all_objects', django.db.models.manager.Manager()),
            ],
        ),
        migrations.CreateModel(
            name='LessonVocabulary',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('term', models.CharField(max_length=60, unique=True)),
                ('lesson_count', models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name='LessonTerm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('term', models.CharField(max_length=60)),
                ('weight', models.FloatField()),
                ('lesson', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='terms', to='learning.lesson')),
                ('desa_code', models.CharField(default='', max_length=20)),
                ('kabupaten_code', models.CharField(default='', max_length=20)),
                ('outcome', models.CharField(default='', max_length=16)),
                ('shared', models.BooleanField(default=False)),
                ('themes', models.CharField(default='', max_length=300)),
                ('year', models.PositiveSmallIntegerField(default=0)),
            ],
            options={
                'indexes': [models.Index(fields=['term', '-weight', 'lesson', 'kabupaten_code', 'shared', 'desa_code', 'year', 'outcome', 'themes'], name='lessonterm_postings')],
                'constraints': [models.UniqueConstraint(fields=('lesson', 'term'), name='one_row_per_lesson_term')],
            },
        ),
    ]
