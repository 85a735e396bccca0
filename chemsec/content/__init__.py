"""Versioned reference content (compendium, frameworks, risk matrices, lists) and its reader.

The reader is pure Python (no Django): ``read_content_tree()`` returns every file under
this folder, validated, with URNs and cross-references checked; the portal's
``load-content`` command stores what it returns.
"""

from chemsec.content.reader import (
    ContentError,
    ContentFile,
    ContentObject,
    read_content_file,
    read_content_tree,
)

__all__ = ["ContentError", "ContentFile", "ContentObject", "read_content_file", "read_content_tree"]
