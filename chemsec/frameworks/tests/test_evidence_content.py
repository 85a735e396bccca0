"""Evidence is checked by what the file holds: a PNG renamed .pdf is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chemsec.frameworks.models import Evidence
from chemsec.frameworks.services import evidence_attach

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def test_a_png_renamed_pdf_is_refused_as_evidence(personas, assessment, alice):
    url = reverse("frameworks:evidence_upload", args=[assessment.pk])
    refused = personas["alice"].post(
        url, {"question": "NC-01.1", "file": SimpleUploadedFile("law.pdf", PNG)}, follow=True
    )
    assert "The file is named .pdf but holds a PNG image" in refused.content.decode()
    with pytest.raises(ValidationError):
        evidence_attach(
            actor=alice,
            assessment=assessment,
            question_code="NC-01.1",
            upload=SimpleUploadedFile("law.pdf", PNG),
        )
    assert not Evidence.objects.exists()
    # The same image under its own name is fine.
    personas["alice"].post(url, {"question": "NC-01.1", "file": SimpleUploadedFile("map.png", PNG)})
    assert Evidence.objects.get().name == "map.png"
