"""Versions for periods, topics and images; constraint messages in plain words; deleting an
article becomes a permission the Editors group does not have (an administrator grants it)."""

from django.db import migrations, models

GROUP = "Editors"


def article_deletion_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    using = schema_editor.connection.alias
    return Permission.objects.using(using).filter(content_type__app_label="articles", codename="delete_article")


def editors_may_not_delete_articles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.using(schema_editor.connection.alias).filter(name=GROUP):
        group.permissions.remove(*article_deletion_permissions(apps, schema_editor))


def editors_may_delete_articles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.using(schema_editor.connection.alias).filter(name=GROUP):
        group.permissions.add(*article_deletion_permissions(apps, schema_editor))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_history_without_unused_indexes"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalimage",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="historicalperiod",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="historicaltopic",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="image",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="period",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="topic",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AlterConstraint(
            model_name="event",
            name="event_precision_iff_date",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("date__isnull", True), ("precision", "")),
                    models.Q(("date__isnull", False), models.Q(("precision", ""), _negated=True)),
                    _connector="OR",
                ),
                name="event_precision_iff_date",
                violation_error_code="precision_without_date",
                violation_error_message="Give a precision when there is a date, and none when there is no date.",
            ),
        ),
        migrations.AlterConstraint(
            model_name="event",
            name="event_end_after_start",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("end_date__isnull", True),
                    models.Q(("date__isnull", False), ("end_date__gte", models.F("date"))),
                    _connector="OR",
                ),
                name="event_end_after_start",
                violation_error_code="end_before_start",
                violation_error_message="The end date must be on or after the start date.",
            ),
        ),
        migrations.AlterConstraint(
            model_name="period",
            name="period_end_after_start",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("start_year__isnull", True),
                    ("end_year__isnull", True),
                    ("end_year__gt", models.F("start_year")),
                    _connector="OR",
                ),
                name="period_end_after_start",
                violation_error_code="period_end_before_start",
                violation_error_message="The end year must be after the start year (a period ends before its end year).",
            ),
        ),
        migrations.RunPython(editors_may_not_delete_articles, editors_may_delete_articles),
    ]
