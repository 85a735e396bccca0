"""The rule book in force: the rule and typology files of chemsec/content/rules/.

Read from the loaded content (`chemsec load-content` keeps them in ContentItem, where the
reference-content pages show them) when it is loaded, else straight from the shipped files
with the same reader and schema, so a fresh checkout decides with the shipped rules.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from chemsec.content.reader import DEFAULT_ROOT, check_tree, read_content_file
from chemsec.core.models import ContentItem
from chemsec.supplychain.engine import CHECKS, RuleBook, rulebook_from_data

RULE_KIND = "supply-rule"
TYPOLOGY_KIND = "supply-typology"
RULES_DIR = DEFAULT_ROOT / "rules"


def current_rulebook() -> RuleBook:
    loaded = list(
        ContentItem.objects.filter(kind__in=[RULE_KIND, TYPOLOGY_KIND]).values_list("kind", "data")
    )
    if not loaded:
        return shipped_rulebook()
    rules = [data for kind, data in loaded if kind == RULE_KIND]
    typologies = [data for kind, data in loaded if kind == TYPOLOGY_KIND]
    return rulebook_from_data(rules, typologies, CHECKS)


@lru_cache(maxsize=1)
def shipped_rulebook(root: Path = RULES_DIR) -> RuleBook:
    files = [read_content_file(path, root=root.parent) for path in sorted(root.glob("*.yaml"))]
    check_tree(files)
    objects = [obj for content_file in files for obj in content_file.objects]
    rules = [obj.data for obj in objects if obj.kind == RULE_KIND]
    typologies = [obj.data for obj in objects if obj.kind == TYPOLOGY_KIND]
    return rulebook_from_data(rules, typologies, CHECKS)
