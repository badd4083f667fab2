from django.db import migrations


def train(apps, schema_editor):
    from quire.comments.spam.classifier import train_seed

    train_seed(apps.get_model("comments", "SpamToken"))


def forget(apps, schema_editor):
    apps.get_model("comments", "SpamToken").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("comments", "0001_initial")]

    operations = [migrations.RunPython(train, forget)]
