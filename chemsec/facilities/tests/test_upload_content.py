"""An inventory is checked by what the file holds, not by its name: a PNG renamed .csv is
refused at upload with a clear message (page, API and service), not left to fail in a job."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chemsec.core.models import Job
from chemsec.facilities.inventory import inventory_import_start
from chemsec.facilities.models import InventorySnapshot

from .conftest import upload

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
SAYS = "The file is named .csv but holds a PNG image"


def test_the_page_refuses_a_png_renamed_csv(personas, plant):
    response = personas["alice"].post(
        reverse("facilities:inventory", args=[plant.pk]), {"file": upload(PNG, "stock.csv")}
    )
    assert response.status_code == 200 and SAYS in response.content.decode()
    assert not InventorySnapshot.objects.exists() and not Job.objects.exists()


def test_the_api_refuses_a_png_renamed_csv_with_its_json_error(personas, plant):
    response = personas["alice"].post(
        f"/api/v1/facilities/{plant.pk}/inventories", {"file": upload(PNG, "stock.csv")}
    )
    assert response.status_code == 422
    assert SAYS in str(response.json()["error"])
    assert not InventorySnapshot.objects.exists() and not Job.objects.exists()


def test_the_service_refuses_it_too(plant, alice):
    with pytest.raises(ValidationError, match="holds a PNG image"):
        inventory_import_start(facility=plant, actor=alice, upload=upload(PNG, "stock.csv"))
    _snapshot, job = inventory_import_start(
        facility=plant, actor=alice, upload=upload("identifier,quantity,unit\n7782-50-5,1,kg\n")
    )
    assert job.status == "succeeded"
