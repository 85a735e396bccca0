"""What pages show for a screening result: reason codes in the reader's language.

The engine (`chemsec.screening.engine.reasons`) gives every unresolved or invalid row a
stable `reason_code`, its `reason_params` and the English `reason`. Pages translate the
code here; results stored before codes existed keep their English text.

The package's modules, by concern: `reasons` (a row's reason, status, resolution and
basis), `names` (list-entry names), `verification` (a row's verification and a list's
status), `explanations` (why a match matched), `notes` (a row's notes and a stated
concentration), `identities` (the listed names of a row identified by its structure) and
`shared` (what they all use). The sentences' tables (`_reason_texts`...) are re-exported
for the tests that read them; patch a gettext function in the module that calls it.
"""

from chemsec.screening.presenters.explanations import (
    Explanation,
    _explanation_texts,
    match_explanation,
)
from chemsec.screening.presenters.identities import (
    ListedIdentity,
    listed_identities,
)
from chemsec.screening.presenters.names import (
    ShownName,
    entry_name,
    entry_names_by_language,
    match_title,
    name_status_label,
    reader_name_language,
)
from chemsec.screening.presenters.notes import (
    NoteText,
    _concentration_texts,
    _note_texts,
    concentration_assessment,
    concentration_text,
    note_text,
    result_notes,
)
from chemsec.screening.presenters.reasons import (
    ProblemShown,
    ReasonShown,
    _reason_texts,
    _smiles_problem_texts,
    basis_label,
    reason_shown,
    reason_text,
    resolution_label,
    result_reason,
    result_status_label,
    row_type_label,
    smiles_problem_shown,
    status_label,
)
from chemsec.screening.presenters.verification import (
    Phrase,
    VerificationPart,
    list_status_phrase,
    verification_parts,
)

__all__ = [
    "Explanation",
    "ListedIdentity",
    "NoteText",
    "Phrase",
    "ProblemShown",
    "ReasonShown",
    "ShownName",
    "VerificationPart",
    "_concentration_texts",
    "_explanation_texts",
    "_note_texts",
    "_reason_texts",
    "_smiles_problem_texts",
    "basis_label",
    "concentration_assessment",
    "concentration_text",
    "entry_name",
    "entry_names_by_language",
    "list_status_phrase",
    "listed_identities",
    "match_explanation",
    "match_title",
    "name_status_label",
    "note_text",
    "reader_name_language",
    "reason_shown",
    "reason_text",
    "resolution_label",
    "result_notes",
    "result_reason",
    "result_status_label",
    "row_type_label",
    "smiles_problem_shown",
    "status_label",
    "verification_parts",
]
