"""A file screening's result rows on its job page: each reason in the reader's language
from its code (as the results page shows it), its values isolated; a row identified by its
structure alone shows the matched entry's own name and CAS number, labelled as the list's.

Found by QA: the Reason column stayed English on the Arabic job page while the results page
translated the same message; SMILES matches showed an empty name and CAS number.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from chemsec.screening.models import Screening
from chemsec.screening.presenters import reason_text

pytestmark = pytest.mark.django_db

ROWS = "111-48-9\nOCCSCCO.[Na+].[Cl-]\n64-17-5\n"  # a failed check digit, a salt, ethanol


@pytest.fixture
def job(personas: dict[str, Any]) -> Any:
    upload = SimpleUploadedFile("rows.csv", ROWS.encode(), "text/csv")
    personas["alice"].post(reverse("screening:index"), {"identifiers": "", "file": upload})
    job = Screening.objects.get().job
    assert job.status == "succeeded", job.error
    return job


def _cells(client: Any, job: Any, language: str) -> list[list[str]]:
    client.cookies["django_language"] = language
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    table = page.split('data-testid="job-result-rows"', 1)[1].split("</tbody>", 1)[0]
    rows = table.split("<tbody>", 1)[1].split("</tr>")[:-1]
    return [[c.split("</td>", 1)[0] for c in row.split('<td dir="auto">')[1:]] for row in rows]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_reason_is_in_the_readers_language_with_its_cas_isolated(personas, job, language):
    cells = _cells(personas["alice"], job, language)
    assert [row[1] for row in cells] == ["111-48-9", "OCCSCCO.[Na+].[Cl-]", "64-17-5"]
    with translation.override(language):
        wording = reason_text("invalid_cas", {"cas": "111-48-9"}, None)
    before, after = wording.split("111-48-9")
    assert cells[0][7] == f'{before}<span class="code-id" dir="ltr">111-48-9</span>{after}'
    if language == "ar":
        assert "fails the check digit" not in cells[0][7]


def test_a_structure_shows_the_listed_name_and_cas_as_the_lists(personas, job):
    salt = _cells(personas["alice"], job, "en")[1]
    name, cas, lists, entries = salt[3:7]
    assert "Thiodiglycol" in name and "as listed in" in name
    assert cas.startswith('<span class="code-id" dir="ltr">111-48-8</span>')
    assert "as listed in" in cas and "CWC 2B13" in cas and "AG AG01" in cas
    assert "CWC" in lists and "AG AG01" in entries
    ethanol = _cells(personas["alice"], job, "en")[2]
    assert ethanol[4] == '<span class="code-id" dir="ltr">64-17-5</span>'  # its own CAS
    assert "as listed in" not in ethanol[3]


def test_the_results_page_shows_the_listed_identity_of_a_structure(client):
    client.cookies["django_language"] = "ar"
    body = client.post(
        reverse("screening:index"), {"identifiers": "CCN(CC)CCO", "lists": ["ag"]}
    ).content.decode()
    listed = body.split('data-testid="listed-identity"', 1)[1].split("</div>", 1)[0]
    assert '<span class="code-id" dir="ltr">AG AG49</span>' in listed
    assert '<span class="code-id" dir="ltr">100-37-8</span>' in listed
    assert "Diethylaminoethanol" in listed
