"""An assessment no one titled stores no title: the pages compose it for each reader.

Assessments started without a title stored "<framework's English title> · <organisation>",
so a reader of any other language saw the English. A title equal to that default becomes
empty (`Assessment.shown_title` composes it again in the reader's language); any other
title was typed by someone and is kept as typed.
"""

from typing import Any

from django.db import migrations, models


def clear_defaults(apps: Any, schema_editor: Any) -> None:
    Assessment = apps.get_model("frameworks", "Assessment")
    rows = Assessment.objects.exclude(title="").values_list(
        "pk", "title", "framework__title", "organisation__name"
    )
    defaults = [pk for pk, title, framework, name in rows if title == f"{framework} · {name}"]
    for start in range(0, len(defaults), 500):  # a data migration, not a person's write
        Assessment.objects.filter(pk__in=defaults[start : start + 500]).update(title="")


class Migration(migrations.Migration):
    dependencies = [
        ("frameworks", "0005_action_title_code"),
    ]

    operations = [
        migrations.AlterField(
            model_name="assessment",
            name="title",
            field=models.CharField(blank=True, max_length=200, verbose_name="title"),
        ),
        migrations.RunPython(clear_defaults, migrations.RunPython.noop),
    ]
