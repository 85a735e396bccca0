"""Full-text indexes that depend on the database: FTS5 on SQLite, GIN on PostgreSQL."""

from django.db import migrations

SQLITE_UP = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS compendium_practice_fts USING fts5("
    "practice_id UNINDEXED, title, keywords, summary, body, "
    "tokenize = 'porter unicode61 remove_diacritics 2')"
)
SQLITE_DOWN = "DROP TABLE IF EXISTS compendium_practice_fts"
PG_UP = (
    "CREATE INDEX IF NOT EXISTS compendium_practice_search_gin "
    "ON compendium_practice USING GIN (search_vector)"
)
PG_DOWN = "DROP INDEX IF EXISTS compendium_practice_search_gin"


def _run(statements):
    def run(apps, schema_editor):
        sql = statements.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("compendium", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": PG_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN}),
        )
    ]
