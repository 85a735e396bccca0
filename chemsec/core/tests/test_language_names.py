"""Language codes shown by their names in the reader's language (issue 11): an expert's
languages typed as "en, pt" read "الإنجليزية، البرتغالية" on an Arabic page, joined as
Arabic joins lists; a code no table knows stays as typed."""

from django.template import Context, Template
from django.utils import translation

from chemsec.core.templatetags.language_names import language_name

TEMPLATE = Template("{% load language_names list_join %}{{ codes|language_names|list_join }}")


def test_codes_read_as_names_in_arabic():
    with translation.override("ar"):
        shown = TEMPLATE.render(Context({"codes": ["en", "pt", "zh", "xx-unknown"]}))
        names = [str(translation.get_language_info(c)["name_translated"]) for c in ("en", "pt")]
        chinese = str(translation.get_language_info("zh-hans")["name_translated"])
    assert shown == "\u060c ".join([*names, chinese, "xx-unknown"])
    assert "en" not in shown.split("\u060c ")


def test_an_unknown_code_is_kept():
    assert language_name("tlh") == "tlh"
