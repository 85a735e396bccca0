"""The declared trade's peers read from indexes alone (chemsec/supplychain/trade_peers.py):
the lines' (product, ordered_at) index of 0009 becomes (product, ordered_at, id, customer,
quantity), and the customers' (organisation, trade_key) index gains the id."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("supplychain", "0009_orderline_order_copies"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="customer", name="supplychain_organis_4a9e81_idx"),
        migrations.AddIndex(
            model_name="customer",
            index=models.Index(
                fields=["organisation", "trade_key", "id"], name="supplychain_organis_a2eb24_idx"
            ),
        ),
        migrations.RemoveIndex(model_name="orderline", name="supplychain_product_04b3b7_idx"),
        migrations.AddIndex(
            model_name="orderline",
            index=models.Index(
                fields=["product", "ordered_at", "id", "customer", "quantity"],
                name="supplychain_product_aa456a_idx",
            ),
        ),
    ]
