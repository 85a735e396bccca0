"""A stored consequence result's labels in the reader's language (issue 11): the facility
page's Labels column and the estimate's facts name the endpoint's data status as the list
pages do ('verified in a secondary source'), not the data's code 'verified-secondary'."""

from django.template import Context, Template
from django.utils import translation

from chemsec.science.labels import DENSE_GAS_MODEL_LABEL

LABELS = [DENSE_GAS_MODEL_LABEL, "endpoint verified-secondary"]


def test_the_labels_column_shows_each_label_in_french():
    template = Template("{% load protection_labels %}{{ labels|result_labels }}")
    with translation.override("fr"):
        shown = template.render(Context({"labels": LABELS}))
        model = translation.gettext("dense gas: Britter-McQuaid workbook (continuous)")
        status = translation.pgettext("list data verification", "verified in a secondary source")
        endpoint = translation.gettext("endpoint %(verification)s") % {"verification": status}
    assert shown == f"{model}, {endpoint}".replace("'", "&#x27;")
    assert "verified-secondary" not in shown
    with translation.override("ar"):  # the Arabic comma between labels
        assert "\u060c " in template.render(Context({"labels": LABELS}))


def test_no_label_is_a_dash():
    assert Template("{% load protection_labels %}{{ None|result_labels }}").render(Context()) == "—"
