"""Road-map actions drawn from gaps: the title as a code with parameters, no copied question.

Actions written before stored "Close the gap on <code>" in the language of whoever drew the
road map, and the question's English text as their description. An action whose title is
that sentence in any of the site's languages, for its own question's code, gets the code
(its English text kept in `title`); a description equal to the question's text is cleared
(the page shows the question in the reader's language). Any other title or description
was typed by someone and is kept as it is.
"""

from django.conf import settings
from django.db import migrations, models
from django.utils.translation import gettext, override

MSGID = "Close the gap on %(code)s"


def to_codes(apps, schema_editor):
    RoadMapAction = apps.get_model("frameworks", "RoadMapAction")
    languages = [code for code, _name in settings.LANGUAGES]
    for action in RoadMapAction.objects.exclude(question=None).select_related("question"):
        params = {"code": action.question.code}
        written = set()
        for language in languages:
            with override(language):
                written.add(gettext(MSGID) % params)
        changed = {}
        if action.title.strip() in written:
            changed.update(title=MSGID % params, title_code="close_gap", title_params=params)
        if action.description.strip() == action.question.text.strip():
            changed["description"] = ""
        if changed:  # a data migration, not a person's write: no audit entry
            RoadMapAction.objects.filter(pk=action.pk).update(**changed)


class Migration(migrations.Migration):
    dependencies = [
        ("frameworks", "0004_answer_campaign_limits"),
    ]

    operations = [
        migrations.AddField(
            model_name="roadmapaction",
            name="title_code",
            field=models.CharField(blank=True, default="", max_length=32),
        ),
        migrations.AddField(
            model_name="roadmapaction",
            name="title_params",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(to_codes, migrations.RunPython.noop),
    ]
