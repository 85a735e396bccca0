"""Files to screen are checked by what they hold: only tabular or chemical text files (or
XLSX) are taken, on the page and by `POST /api/v1/screening/jobs`, never a renamed image."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chemsec.core.models import Job

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def test_the_page_refuses_a_png_renamed_csv(personas):
    response = personas["alice"].post(
        reverse("screening:index"), {"file": SimpleUploadedFile("cas.csv", PNG)}
    )
    assert "The file is named .csv but holds a PNG image" in response.content.decode()
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    ("name", "body", "says"),
    [
        ("cas.csv", PNG, "holds a PNG image"),
        ("picture.png", PNG, "Upload a file of one of these types"),
        ("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00", "Upload a file of one of these types"),
    ],
)
def test_the_api_refuses_files_that_are_not_tabular(personas, name, body, says):
    response = personas["alice"].post(
        "/api/v1/screening/jobs", {"file": SimpleUploadedFile(name, body)}
    )
    assert response.status_code == 422, response.content
    assert says in str(response.json()["error"])
    assert not Job.objects.exists()
    ok = personas["alice"].post(
        "/api/v1/screening/jobs", {"file": SimpleUploadedFile("cas.csv", b"cas\n7782-50-5\n")}
    )
    assert ok.status_code == 202
