"""The three editor roles as groups, with exactly the permissions docs/editors.md describes.

Permissions are normally created after migrations run; on a fresh database they do not exist yet,
so this migration creates the ones it needs (the later automatic step then finds them)."""

from django.db import migrations

ROLES = {
    "Writer": {
        "guide.article": ["view", "add", "change", "submit"],
    },
    "Medical reviewer": {
        "guide.article": ["view", "change", "review", "publish"],
    },
    "Directory editor": {
        "directory.facility": ["view", "add", "change"],
        "directory.problemreport": ["view", "change"],
    },
}
CUSTOM_NAMES = {
    "submit_article": "Can submit an article for review",
    "review_article": "Can set the medical reviewer and review date",
    "publish_article": "Can publish, schedule and unpublish articles",
}


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for role, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        for label, actions in grants.items():
            app_label, model = label.split(".")
            content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
            verbose_name = apps.get_model(app_label, model)._meta.verbose_name
            for action in actions:
                codename = f"{action}_{model}"
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=codename,
                    defaults={"name": CUSTOM_NAMES.get(codename, f"Can {action} {verbose_name}")},
                )
                group.permissions.add(permission)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0002_meta_title_and_workflow_permissions"),
        ("directory", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
