"""Create the Editors group: every permission on the content, none on users or groups.

The permissions are written here, not looked up from the models' current state, so that the
migration means the same thing whenever it runs. Django creates permissions after migrating
(post_migrate), too late for a fresh database: the ones needed are created here the same way,
with the same codenames and names, and the later pass finds them already there.
"""

from django.db import migrations

GROUP = "Editors"
CONTENT_MODELS = ["article", "section", "glossaryentry", "person", "event", "period", "topic", "image"]
# Editors read the history of every content model (django-simple-history's "historical…" models);
# they change it only through the content itself (a save, a restore), never directly.
HISTORY_MODELS = [f"historical{name}" for name in CONTENT_MODELS]


def editor_permissions(apps, using):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    wanted = [(name, action) for name in CONTENT_MODELS for action in ("add", "change", "delete", "view")]
    wanted += [(name, "view") for name in HISTORY_MODELS]
    permissions = []
    for model_name, action in wanted:
        meta = apps.get_model("articles", model_name)._meta
        content_type, _ = ContentType.objects.db_manager(using).get_or_create(app_label="articles", model=model_name)
        permission, _ = Permission.objects.using(using).get_or_create(
            content_type=content_type,
            codename=f"{action}_{model_name}",
            defaults={"name": f"Can {action} {meta.verbose_name_raw}"},
        )
        permissions.append(permission)
    return permissions


def create_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    using = schema_editor.connection.alias
    group, _ = Group.objects.using(using).get_or_create(name=GROUP)
    group.permissions.set(editor_permissions(apps, using))


def delete_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_history_versions_and_images"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors, delete_editors)]
