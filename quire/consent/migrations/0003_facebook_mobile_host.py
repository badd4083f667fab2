"""Facebook sends phones on to m.facebook.com during sign-in; the page leading there must
allow that host as a form target too."""

from django.db import migrations


def add_host(apps, schema_editor):
    Service = apps.get_model("consent", "Service")
    Service.objects.filter(key="facebook-sign-in", hosts="www.facebook.com").update(
        hosts="www.facebook.com\nm.facebook.com"
    )


def remove_host(apps, schema_editor):
    Service = apps.get_model("consent", "Service")
    Service.objects.filter(key="facebook-sign-in", hosts="www.facebook.com\nm.facebook.com").update(
        hosts="www.facebook.com"
    )


class Migration(migrations.Migration):
    dependencies = [("consent", "0002_seed_services")]

    operations = [migrations.RunPython(add_host, remove_host)]
