"""Each section's body stored as HTML, as the public article page renders it (Section.body_html)."""

from importlib import import_module

from django.db import migrations, models

# SQLite rebuilds the table to add a column: _sqlite_rebuild keeps the raw SQL made on it.
rebuild = import_module("articles.migrations._sqlite_rebuild")


def render_every_section(apps, schema_editor):
    """Fill the column for the sections there are, with the code that keeps it (section_html).

    That code reads the models as they are now: on a database with sections, this migration must
    run with the schema it leaves (it is the latest one to touch sections). A new database has none.
    """
    sections = apps.get_model("articles", "Section").objects.using(schema_editor.connection.alias)
    if not sections.exists():
        return
    from articles.editorial.section_html import articles_html_sync

    article_pks = list(sections.values_list("article", flat=True).distinct().order_by("article"))
    for start in range(0, len(article_pks), 200):
        articles_html_sync(article_pks[start : start + 200])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0018_review_flags_and_attribution"),
    ]

    operations = [
        *rebuild.keeping_raw_sql(
            migrations.AddField(
                model_name="section",
                name="body_html",
                field=models.TextField(blank=True, default="", editable=False),
            ),
        ),
        migrations.RunPython(render_every_section, migrations.RunPython.noop, elidable=True),
    ]
