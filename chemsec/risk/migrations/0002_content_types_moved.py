# The content types (and so the permissions) of the moved models follow them to the risk
# app, instead of being left behind under "facilities" while new ones are created.

from django.db import migrations

MODELS = ("riskassessment", "riskentry", "measure", "organisationmatrix")


def _move(apps, old, new):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not content_type.objects.filter(app_label=new, model=model).exists():
            content_type.objects.filter(app_label=old, model=model).update(app_label=new)


def forwards(apps, schema_editor):
    _move(apps, "facilities", "risk")


def backwards(apps, schema_editor):
    _move(apps, "risk", "facilities")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('risk', '0001_initial'),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
