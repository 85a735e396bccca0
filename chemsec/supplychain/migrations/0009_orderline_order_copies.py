"""Order lines keep their order's time and customer (OrderLine.ordered_at, .customer), with
an index by (product, ordered_at), which replaces the product's own: the declared trade's
peers read the newest lines of a product without reading their orders
(chemsec/supplychain/trade_peers.py).

The lines already recorded get their order's values in one statement (the copies are
derived from the orders' audited values, as the customers' folded keys of 0005 are, so the
fill writes no audit entry); the columns are made required only then."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

import chemsec.supplychain.models


def fill_copies(apps: Any, schema_editor: Any) -> None:
    """Every line's order's time and customer."""
    Order = apps.get_model("supplychain", "Order")
    OrderLine = apps.get_model("supplychain", "OrderLine")
    order = Order.objects.filter(pk=OuterRef("order_id"))
    OrderLine.objects.update(
        ordered_at=Subquery(order.values("ordered_at")[:1]),
        customer_id=Subquery(order.values("customer_id")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("supplychain", "0008_trade_key_payment_account"),
    ]

    operations = [
        migrations.AddField(
            model_name="orderline",
            name="customer",
            field=chemsec.supplychain.models.OrderCustomer(
                blank=True,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="supplychain.customer",
            ),
        ),
        migrations.AddField(
            model_name="orderline",
            name="ordered_at",
            field=chemsec.supplychain.models.OrderTime(
                blank=True, editable=False, null=True, verbose_name="ordered at"
            ),
        ),
        migrations.RunPython(fill_copies, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="orderline",
            name="customer",
            field=chemsec.supplychain.models.OrderCustomer(
                blank=True,
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="supplychain.customer",
            ),
        ),
        migrations.AlterField(
            model_name="orderline",
            name="ordered_at",
            field=chemsec.supplychain.models.OrderTime(
                blank=True, editable=False, verbose_name="ordered at"
            ),
        ),
        migrations.AddIndex(
            model_name="orderline",
            index=models.Index(
                fields=["product", "ordered_at"], name="supplychain_product_04b3b7_idx"
            ),
        ),
        # The product's own index is the new one's first column: dropped once it is there.
        migrations.AlterField(
            model_name="orderline",
            name="product",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="supplychain.product",
            ),
        ),
    ]
