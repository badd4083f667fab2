"""The editors' permission says what it means: ``articles.feature_hub`` becomes
``articles.editor``, renamed in place so that every group and person holding it keeps it."""

from django.db import migrations


def rename(apps, schema_editor, old="feature_hub", new="editor", name=None):
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label="articles", model="articlepage").first()
    if content_type is None:  # a new database: post_migrate creates the permission
        return
    Permission.objects.filter(content_type=content_type, codename=old).update(
        codename=new,
        name=name or "Is an editor: reviews, publishes and features every author's hubs",
    )


def rename_back(apps, schema_editor):
    rename(
        apps,
        schema_editor,
        old="editor",
        new="feature_hub",
        name="Can feature hubs and see every author's work in the editor",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_ads_choices"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="articlepage",
            options={
                "permissions": [
                    (
                        "editor",
                        "Is an editor: reviews, publishes and features every author's hubs",
                    )
                ],
                "verbose_name": "hub",
            },
        ),
        migrations.RunPython(rename, rename_back),
    ]
