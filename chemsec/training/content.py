"""Loading shipped courses (chemsec/content/training/*.yaml) into the course tables."""

from __future__ import annotations

from chemsec.content.reader import ContentObject


def courses_sync(objects: list[ContentObject]) -> None:
    """Bring the course tables in line with the loaded content (filled in below)."""
