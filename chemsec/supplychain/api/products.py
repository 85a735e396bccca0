"""Products: the catalogue, each screened against the lists when created."""

from uuid import UUID

from django.http import HttpRequest
from ninja import Status

from chemsec.core.api_auth import MEMBERS
from chemsec.core.policy import acting_organisation, get_object
from chemsec.supplychain import selectors, services
from chemsec.supplychain.api.common import LIMIT, SupplychainRouter
from chemsec.supplychain.api.schemas import ProductDetailOut, ProductIn, ProductOut
from chemsec.supplychain.models import Product

router = SupplychainRouter()


def _product_out(item: Product) -> ProductOut:
    return ProductOut(
        id=item.pk,
        code=item.code,
        name=item.name,
        pack_size=item.pack_size,
        listed=item.listed,
        eu_restricted=item.eu_restricted,
        eu_regulated=item.eu_regulated,
        cwc_schedules=list(item.cwc_schedules),
        ag_listed=item.ag_listed,
        screened_at=item.screened_at,
    )


@router.get("/supplychain/products", response=list[ProductOut], auth=MEMBERS)
def supplychain_product_list(request: HttpRequest) -> list[ProductOut]:
    found = selectors.products(request.user, acting_organisation(request))[:LIMIT]
    return [_product_out(item) for item in found]


@router.post("/supplychain/products", response={201: ProductDetailOut}, auth=MEMBERS)
def supplychain_product_create(
    request: HttpRequest, payload: ProductIn
) -> Status[ProductDetailOut]:
    data = payload.dict()
    item = services.product_create(
        actor=request.user, organisation=acting_organisation(request), **data
    )
    return Status(201, _product_detail(item))


def _product_detail(item: Product) -> ProductDetailOut:
    return ProductDetailOut(
        **_product_out(item).model_dump(),
        components=list(item.components),
        screening=list(item.screening),
    )


@router.get("/supplychain/products/{product_id}", response=ProductDetailOut, auth=MEMBERS)
def supplychain_product_get(request: HttpRequest, product_id: UUID) -> ProductDetailOut:
    item = get_object(request.user, "product.view", Product.objects, pk=product_id)
    return _product_detail(item)


@router.post("/supplychain/products/{product_id}/screen", response=ProductDetailOut, auth=MEMBERS)
def supplychain_product_rescreen(request: HttpRequest, product_id: UUID) -> ProductDetailOut:
    """Screen the product's components again (after a new version of the lists)."""
    item = get_object(request.user, "product.change", Product.objects, pk=product_id)
    return _product_detail(services.product_rescreen(actor=request.user, product=item))
