"""The one wrapper for content that may be wider than the page (a table, a drawing):

    {% load scroll_region %}
    {% scrollregion labelledby="certificates" %}<table ...>...</table>{% endscrollregion %}
    {% scrollregion label=_("Training courses") class="heatmap-scroll" %}...{% endscrollregion %}

renders ``<div class="table-scroll" role="region" tabindex="0" aria-label...>``: it scrolls
sideways inside the page (chemsec.css) and, being focusable, a keyboard user scrolls it with
the arrow keys (axe's scrollable-region-focusable; WCAG 2.1.1). A region needs a name, which
a screen reader announces when focus lands on it: the heading or caption that names the table
(``labelledby``, an id on the page) or a text (``label``). Exactly one of them is required; a
wrapper written without a name is refused when the template is compiled, and one whose name
turns out empty when it renders raises instead of drawing an unnamed region.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.html import format_html

register = template.Library()

OPTIONS = ("label", "labelledby", "class")


class ScrollRegionNode(template.Node):
    def __init__(self, nodelist: NodeList, options: dict[str, FilterExpression]):
        self.nodelist = nodelist
        self.options = options

    def render(self, context: template.Context) -> str:
        # Kept as resolved (a SafeString, from `blocktranslate asvar`, is not escaped twice).
        values = {name: value.resolve(context) or "" for name, value in self.options.items()}
        classes = " ".join(["table-scroll", *str(values.get("class", "")).split()])
        if "labelledby" in values:
            name_attr, name = "aria-labelledby", values["labelledby"]
        else:
            name_attr, name = "aria-label", values["label"]
        if not str(name).strip():
            raise template.TemplateSyntaxError(
                f"scrollregion: the {name_attr} is empty (a scrolling region needs a name)"
            )
        opening = format_html(
            '<div class="{}" role="region" tabindex="0" {}="{}">', classes, name_attr, name
        )
        return opening + self.nodelist.render(context) + "</div>"


@register.tag("scrollregion")
def scrollregion(parser: Parser, token: Token) -> ScrollRegionNode:
    bits = token.split_contents()
    options: dict[str, Any] = {}
    for bit in bits[1:]:
        name, equals, value = bit.partition("=")
        if not equals or name not in OPTIONS or name in options:
            raise template.TemplateSyntaxError(
                f"scrollregion takes label=..., labelledby=... and class=..., not {bit!r}"
            )
        options[name] = parser.compile_filter(value)
    if ("label" in options) == ("labelledby" in options):
        raise template.TemplateSyntaxError(
            "scrollregion needs a name: exactly one of label=... or labelledby=..."
        )
    nodelist = parser.parse(("endscrollregion",))
    parser.delete_first_token()
    return ScrollRegionNode(nodelist, options)
