"""The policy table is one table kept in four modules (chemsec/core/policy/table_*.py): an
action written in two of them would silently keep only the later line, so none is; and the
package answers to every name its callers import from `chemsec.core.policy`."""

from __future__ import annotations

import ast
from pathlib import Path

from chemsec.core import policy
from chemsec.core.policy.table_core import CORE_RULES
from chemsec.core.policy.table_network import NETWORK_RULES
from chemsec.core.policy.table_sites import SITE_RULES
from chemsec.core.policy.table_supplychain import SUPPLYCHAIN_RULES

PARTS = {
    "core": CORE_RULES,
    "supplychain": SUPPLYCHAIN_RULES,
    "sites": SITE_RULES,
    "network": NETWORK_RULES,
}
ROOT = Path(__file__).resolve().parents[3]


def test_it_keeps_each_action_in_one_part_of_the_table():
    seen: dict[str, str] = {}
    for part, rules in PARTS.items():
        for action in rules:
            assert action not in seen, f"{action} is in both {seen[action]} and {part}"
            seen[action] = part
    assert set(policy.RULES) == set(seen)
    assert all(policy.RULES[a] is PARTS[p][a] for a, p in seen.items())


def test_it_answers_every_name_imported_from_it():
    imported: set[str] = set()
    for folder in ("chemsec", "tests", "benchmarks"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            imported |= {
                alias.name
                for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module == "chemsec.core.policy"
                for alias in node.names
            }
    assert {"require", "can", "get_object", "SYSTEM", "keep_memberships"} <= imported
    assert sorted(name for name in imported if not hasattr(policy, name)) == []
