"""Sync's five migrations as one, for new databases (docs/decisions/0014).

0002's data step (tagging quarantined entries with their sender's region) only moves existing
rows: a new database has none, so it is left out.
"""

import django.db.models.deletion
import django.db.models.manager
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('sync', '0001_initial'), ('sync', '0002_credential_copies_quarantine_region'), ('sync', '0003_hub_link_pull_change'), ('sync', '0004_node_token_push_change'), ('sync', '0005_hub_link_last_problem')]

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Conflict',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('version', models.PositiveIntegerField(default=0, editable=False)),
                ('changed_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('changed_on_node', models.CharField(blank=True, editable=False, max_length=40)),
                ('is_deleted', models.BooleanField(default=False, editable=False)),
                ('kind', models.CharField(choices=[('field', 'Same field edited in two places'), ('deleted', 'Edited while deleted elsewhere')], max_length=10)),
                ('model_label', models.CharField(max_length=60)),
                ('object_id', models.UUIDField(db_index=True)),
                ('object_repr', models.CharField(blank=True, max_length=200)),
                ('field_name', models.CharField(max_length=60)),
                ('winning_value', models.JSONField(blank=True, null=True)),
                ('winning_hlc', models.CharField(max_length=80)),
                ('losing_value', models.JSONField(blank=True, null=True)),
                ('losing_hlc', models.CharField(max_length=80)),
                ('losing_node', models.CharField(max_length=40)),
                ('losing_actor_label', models.CharField(blank=True, max_length=150)),
                ('scope', models.CharField(max_length=20)),
                ('root_id', models.UUIDField()),
                ('status', models.CharField(choices=[('open', 'Needs review'), ('resolved', 'Resolved')], default='open', max_length=10)),
                ('resolution', models.CharField(blank=True, max_length=200)),
                ('changed_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-losing_hlc'],
            },
            managers=[
                ('objects', django.db.models.manager.Manager()),
                ('all_objects', django.db.models.manager.Manager()),
            ],
        ),
        migrations.CreateModel(
            name='NodeToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('label', models.CharField(blank=True, max_length=120, verbose_name='label')),
                ('region_code', models.CharField(max_length=20, verbose_name='region')),
                ('token_hash', models.CharField(max_length=64, unique=True)),
                ('signing_key', models.CharField(max_length=64)),
                ('node_id', models.CharField(blank=True, db_index=True, max_length=40)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
                ('last_seen_at', models.DateTimeField(blank=True, null=True)),
                ('push_cursor', models.BigIntegerField(default=0)),
                ('pull_cursor', models.BigIntegerField(default=0)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('push_change_id', models.CharField(blank=True, max_length=40)),
                ('return_own_until', models.BigIntegerField(blank=True, null=True)),
            ],
            options={
                'ordering': ['region_code', 'created_at'],
            },
        ),
        migrations.CreateModel(
            name='Quarantine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('change_id', models.UUIDField(unique=True)),
                ('entry', models.JSONField()),
                ('code', models.CharField(max_length=30)),
                ('reason', models.TextField()),
                ('source_node', models.CharField(blank=True, max_length=40)),
                ('received_at', models.DateTimeField(auto_now_add=True)),
                ('released_at', models.DateTimeField(blank=True, null=True)),
                ('region_code', models.CharField(blank=True, db_index=True, max_length=20)),
            ],
            options={
                'ordering': ['-received_at'],
            },
        ),
        migrations.CreateModel(
            name='CredentialCopy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sent_at', models.DateTimeField(auto_now=True)),
                ('token', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='credentials', to='sync.nodetoken')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('token', 'user'), name='one_credential_copy_per_node')],
            },
        ),
        migrations.CreateModel(
            name='Rejection',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('change_id', models.UUIDField(unique=True)),
                ('reason', models.TextField()),
                ('rejected_at', models.DateTimeField(auto_now_add=True)),
            ],
        ),
        migrations.CreateModel(
            name='HubLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('hub_url', models.URLField(max_length=300)),
                ('token', models.CharField(max_length=100)),
                ('region_code', models.CharField(max_length=20)),
                ('hub_node_id', models.CharField(blank=True, max_length=40)),
                ('push_cursor', models.BigIntegerField(default=0)),
                ('pull_cursor', models.BigIntegerField(default=0)),
                ('users_digest', models.CharField(blank=True, max_length=64)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('last_attempt_at', models.DateTimeField(blank=True, null=True)),
                ('last_success_at', models.DateTimeField(blank=True, null=True)),
                ('last_error', models.TextField(blank=True)),
                ('profiles_acked', models.CharField(blank=True, max_length=80)),
                ('pull_change_id', models.CharField(blank=True, max_length=40)),
                ('last_problem', models.CharField(blank=True, choices=[('unreachable', 'cannot reach the hub'), ('hub_failing', 'the hub has a problem'), ('token_withdrawn', 'link withdrawn'), ('hub_moved', 'the hub moved'), ('version', 'incompatible versions'), ('refused', 'data refused'), ('busy', 'a sync is already running'), ('not_linked', 'not linked')], max_length=20)),
            ],
        ),
    ]
