"""Content-sync handler: keeps the framework tables in line with the `framework` content.

Runs inside `chemsec load-content`'s transaction. Rows are matched by URN, so loading
twice changes nothing; a new major version (`...:v2`) has a new URN and becomes a new
row, and assessments made against v1 keep pointing at v1. Sections and questions that
leave a file are kept, because answers may point at them.
"""

from __future__ import annotations

from typing import Any

from chemsec.content.reader import ContentObject
from chemsec.frameworks.models import Framework, Question, Section


def sync_frameworks(objects: list[ContentObject]) -> None:
    for obj in objects:
        if obj.kind == "framework":
            _sync_framework(obj)


def _sync_framework(obj: ContentObject) -> Framework:
    data = obj.data
    framework, _created = Framework.objects.update_or_create(
        urn=obj.urn,
        defaults={
            "content_version": int(obj.version),
            "title": data["title"],
            "description": data.get("description", ""),
            "audience": data.get("audience", ""),
            "source_file": obj.source,
        },
    )
    for position, section_data in enumerate(data.get("sections", [])):
        _sync_section(framework, section_data, position)
    return framework


def _sync_section(framework: Framework, data: dict[str, Any], position: int) -> None:
    section, _created = Section.objects.update_or_create(
        urn=data["urn"],
        defaults={
            "framework": framework,
            "code": data["code"],
            "title": data["title"],
            "description": data.get("description", ""),
            "position": position,
        },
    )
    for index, question in enumerate(data.get("questions", [])):
        Question.objects.update_or_create(
            urn=question["urn"],
            defaults={
                "section": section,
                "code": question["code"],
                "text": question["text"],
                "answer_type": question["answer_type"],
                "guidance": question.get("guidance", ""),
                "weight": int(question.get("weight", 1)),
                "practices": list(question.get("practices", [])),
                "position": index,
            },
        )
