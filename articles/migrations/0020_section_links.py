"""An index of the slugs each section's text links to (SectionLink), so that a new or renamed
glossary entry finds the sections it may reach without reading every body."""

from django.db import migrations, models


def index_every_section(apps, schema_editor):
    """Fill the index for the sections there are, with the code that keeps it (editorial.links)."""
    alias = schema_editor.connection.alias
    sections = apps.get_model("articles", "Section").objects.using(alias)
    section_link = apps.get_model("articles", "SectionLink")
    from articles.editorial.links import link_slugs

    rows = []
    for pk, body in sections.order_by("pk").values_list("pk", "body").iterator(chunk_size=500):
        rows.extend(section_link(section_id=pk, slug=slug) for slug in link_slugs(body))
        if len(rows) >= 5000:
            section_link.objects.using(alias).bulk_create(rows)
            rows = []
    section_link.objects.using(alias).bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0019_section_body_html"),
    ]

    operations = [
        migrations.CreateModel(
            name="SectionLink",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("slug", models.CharField(max_length=200)),
                (
                    "section",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.section",
                    ),
                ),
            ],
            options={
                "ordering": ["section", "slug"],
                "indexes": [models.Index(fields=["section"], name="section_link_section_idx")],
                "constraints": [models.UniqueConstraint(fields=("slug", "section"), name="section_link_unique_slug")],
            },
        ),
        migrations.RunPython(index_every_section, migrations.RunPython.noop, elidable=True),
    ]
