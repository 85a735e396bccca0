"""What holds a link to a protection diagram, from the apps built on this one.

They register in their AppConfig.ready (so this app imports none of them); when a diagram
is deleted, `services.diagram_delete` calls each to unlink its records through the audited
write path before the diagram goes (the risk app: register lines taking P_I from it).
Kept apart from `services` so registering at start-up loads no science.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chemsec.core.policy import Actor
    from chemsec.protection.models import ProtectionDiagram

DiagramDependents = Callable[["ProtectionDiagram", "Actor"], None]
DIAGRAM_DEPENDENTS: list[DiagramDependents] = []


def register_diagram_dependents(unlink: DiagramDependents) -> None:
    if unlink not in DIAGRAM_DEPENDENTS:
        DIAGRAM_DEPENDENTS.append(unlink)
