"""Drop the indexes the history tables copied from the models, on columns nobody looks them up by.

models.HISTORY_UNINDEXED says which. SQLite would rebuild a whole table for every field altered
(25 rebuilds of the largest tables of a site), so the database side only drops the indexes.
"""

import django.db.models.deletion
from django.db import migrations, models

# The history fields that lose their index (as makemigrations wrote them); the database side
# drops the single-column indexes on their columns.
STATE_OPERATIONS = [
    migrations.AlterField(
        model_name='historicalarticle',
        name='slug',
        field=models.SlugField(db_index=False, max_length=200),
    ),
    migrations.AlterField(
        model_name='historicalarticle',
        name='status',
        field=models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], default='draft', max_length=9),
    ),
    migrations.AlterField(
        model_name='historicalevent',
        name='image',
        field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.image'),
    ),
    migrations.AlterField(
        model_name='historicalevent',
        name='period',
        field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.period'),
    ),
    migrations.AlterField(
        model_name='historicalevent',
        name='section',
        field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.section'),
    ),
    migrations.AlterField(
        model_name='historicalevent',
        name='slug',
        field=models.SlugField(db_index=False, max_length=200),
    ),
    migrations.AlterField(
        model_name='historicalevent',
        name='status',
        field=models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], default='draft', max_length=9),
    ),
    migrations.AlterField(
        model_name='historicalevent_people',
        name='event',
        field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.event'),
    ),
    migrations.AlterField(
        model_name='historicalevent_people',
        name='person',
        field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.person'),
    ),
    migrations.AlterField(
        model_name='historicalevent_topics',
        name='event',
        field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.event'),
    ),
    migrations.AlterField(
        model_name='historicalevent_topics',
        name='topic',
        field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.topic'),
    ),
    migrations.AlterField(
        model_name='historicalglossaryentry',
        name='slug',
        field=models.SlugField(db_index=False, max_length=200),
    ),
    migrations.AlterField(
        model_name='historicalglossaryentry',
        name='status',
        field=models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], default='draft', max_length=9),
    ),
    migrations.AlterField(
        model_name='historicalperson',
        name='glossary_entry',
        field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.glossaryentry'),
    ),
    migrations.AlterField(
        model_name='historicalperson',
        name='portrait',
        field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.image'),
    ),
    migrations.AlterField(
        model_name='historicalperson',
        name='slug',
        field=models.SlugField(db_index=False, max_length=200),
    ),
    migrations.AlterField(
        model_name='historicalperson',
        name='status',
        field=models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], default='draft', max_length=9),
    ),
    migrations.AlterField(
        model_name='historicalsection',
        name='article',
        field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.article'),
    ),
    migrations.AlterField(
        model_name='historicalsection',
        name='illustration',
        field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.image'),
    ),
    migrations.AlterField(
        model_name='historicalsection',
        name='slug',
        field=models.SlugField(db_index=False, max_length=200),
    ),
    migrations.AlterField(
        model_name='historicalsection',
        name='status',
        field=models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], default='draft', max_length=9),
    ),
    migrations.AlterField(
        model_name='historicalsection_people',
        name='person',
        field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.person'),
    ),
    migrations.AlterField(
        model_name='historicalsection_people',
        name='section',
        field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.section'),
    ),
    migrations.AlterField(
        model_name='historicalsection_terms',
        name='glossaryentry',
        field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.glossaryentry'),
    ),
    migrations.AlterField(
        model_name='historicalsection_terms',
        name='section',
        field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.section'),
    ),
]


def drop_indexes(apps, schema_editor):
    """Drop every plain index on exactly one of the fields' columns (on PostgreSQL, its LIKE twin too)."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for operation in STATE_OPERATIONS:
            model = apps.get_model("articles", operation.model_name)
            column = model._meta.get_field(operation.name).column
            constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
            for name, constraint in constraints.items():
                plain = constraint["index"] and not (constraint["unique"] or constraint["primary_key"])
                if plain and constraint["columns"] == [column]:
                    schema_editor.execute(schema_editor._delete_index_sql(model, name))


def create_indexes(apps, schema_editor):
    """Create the indexes again, as the fields' db_index made them."""
    for operation in STATE_OPERATIONS:
        model = apps.get_model("articles", operation.model_name)
        field = model._meta.get_field(operation.name)
        field.db_index = True  # of this migration state's model only, for the index statements
        for sql in schema_editor._field_indexes_sql(model, field):
            schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0013_postgres_event_facets_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_indexes, create_indexes)],
            state_operations=STATE_OPERATIONS,
        ),
    ]
