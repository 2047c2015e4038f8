"""Core's three migrations as one, for new databases (docs/decisions/0014, "One migration per app").

0003's trigger is carried over unchanged: on PostgreSQL every insert into the change log takes
a transaction-scoped advisory lock, so sequence numbers become visible in commit order (0003's
docstring says why). SQLite needs nothing.
"""

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


LOCK_KEY = 7358201  # arbitrary, fixed: "the change-log writer" (the same key as 0003)

CREATE = f"""
CREATE OR REPLACE FUNCTION rembuk_changelog_commit_order() RETURNS trigger AS $$
BEGIN
    PERFORM pg_advisory_xact_lock({LOCK_KEY});
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS rembuk_changelog_commit_order ON core_changelog;
CREATE TRIGGER rembuk_changelog_commit_order
    BEFORE INSERT ON core_changelog
    FOR EACH STATEMENT EXECUTE FUNCTION rembuk_changelog_commit_order();
"""

DROP = """
DROP TRIGGER IF EXISTS rembuk_changelog_commit_order ON core_changelog;
DROP FUNCTION IF EXISTS rembuk_changelog_commit_order();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):

    replaces = [('core', '0001_initial'), ('core', '0002_initial'), ('core', '0003_changelog_commit_order')]

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ChangeLog',
            fields=[
                ('seq', models.BigAutoField(primary_key=True, serialize=False)),
                ('change_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('hlc', models.CharField(db_index=True, max_length=80)),
                ('node_id', models.CharField(max_length=40)),
                ('actor_label', models.CharField(blank=True, max_length=150)),
                ('model_label', models.CharField(max_length=60)),
                ('object_id', models.UUIDField(db_index=True)),
                ('object_repr', models.CharField(blank=True, max_length=200)),
                ('action', models.CharField(choices=[('create', 'created'), ('update', 'changed'), ('delete', 'deleted')], max_length=10)),
                ('changes', models.JSONField(default=dict)),
                ('base_version', models.PositiveIntegerField(blank=True, null=True)),
                ('version', models.PositiveIntegerField()),
                ('scope_code', models.CharField(db_index=True, max_length=20)),
                ('root_id', models.UUIDField(db_index=True)),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['seq'],
                'indexes': [models.Index(fields=['root_id', 'seq'], name='core_change_root_id_162457_idx'), models.Index(fields=['model_label', 'object_id', 'seq'], name='core_change_model_l_7ee22b_idx')],
            },
        ),
        migrations.CreateModel(
            name='LocalNode',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('node_id', models.CharField(max_length=40, unique=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP)),
    ]
