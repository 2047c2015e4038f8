"""On PostgreSQL, make change-log sequence numbers follow commit order.

A pull reads entries with seq above its cursor. Two hub transactions that insert entries
concurrently could commit out of seq order, and a pull between the two commits would move its
cursor past the entry not yet visible, skipping it for ever. A transaction-scoped advisory lock
taken before every insert into the log makes writers take their numbers one transaction at a
time: the lock is held until commit, so no later number can become visible before an earlier
one. SQLite needs nothing: its writers are serialised already (IMMEDIATE transactions).
"""

from django.db import migrations

LOCK_KEY = 7358201  # arbitrary, fixed: "the change-log writer"

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
    dependencies = [("core", "0002_initial")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
