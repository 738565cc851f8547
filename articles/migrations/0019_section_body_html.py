"""Each section's body stored as HTML, as the public article page renders it (Section.body_html)."""

from importlib import import_module

from django.db import migrations, models

# SQLite adds the column by rebuilding the table, which drops what raw SQL made on it: the
# timeline's expression indexes (0008) and the trigram indexes' triggers (0010). Those are removed
# first and made again after, as in 0018.
timeline_indexes = import_module("articles.migrations.0008_sqlite_timeline_indexes")
trigram_search = import_module("articles.migrations.0010_sqlite_trigram_search")


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
        migrations.RunPython(timeline_indexes.remove_indexes, timeline_indexes.add_indexes),
        migrations.RunPython(trigram_search.remove, trigram_search.add),
        migrations.AddField(
            model_name="section",
            name="body_html",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(trigram_search.add, trigram_search.remove),
        migrations.RunPython(timeline_indexes.add_indexes, timeline_indexes.remove_indexes),
        migrations.RunPython(render_every_section, migrations.RunPython.noop, elidable=True),
    ]
