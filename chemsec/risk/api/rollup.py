"""The national roll-up, for members of a national authority."""

from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError

from chemsec.core.api_auth import MEMBERS
from chemsec.core.policy import acting_organisation, require
from chemsec.facilities.api.common import FacilitiesRouter
from chemsec.risk import selectors as sel
from chemsec.risk.api.schemas import RollupOut
from chemsec.risk.register import rollup

# Operation ids stay those of the facilities API (`chemsec_facilities_api_<function>`), so
# generated clients do not change.
router = FacilitiesRouter()


@router.get("/facilities-rollup", response=RollupOut, auth=MEMBERS)
def rollup_get(request: HttpRequest) -> dict[str, Any]:
    """The national roll-up of the authority the caller acts for (the X-ChemSec-Organisation
    header; else their first), with only what the caller may see; 404 for anyone not in one."""
    authority = sel.rollup_authority(request.user, acting_organisation(request))
    if authority is None:
        raise HttpError(404, "Not found.")
    require(request.user, "rollup.view", authority)
    data = rollup(authority, request.user)
    return {
        "authority": authority.name,
        "facilities": [
            {
                "id": str(r["facility"].pk),
                "name": r["facility"].name,
                "country": r["facility"].country,
                "tier": r["tier"],
                "chemicals": r["chemicals"],
                "crossed": r["crossed"],
            }
            for r in data["facilities"]
        ],
        "tiers": dict(data["tiers"]),
        "chemicals": data["chemicals"],
        "top_risks": data["top_risks"],
        "heat_map": data["heat_map"],
        "threats": data["threats"],
        "capacity": data["capacity"],
    }
