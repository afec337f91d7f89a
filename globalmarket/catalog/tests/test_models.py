from decimal import Decimal

import pytest
from django.db import IntegrityError

from globalmarket.catalog.models import ProductVariant
from globalmarket.catalog.tests.factories import ProductFactory, ProductVariantFactory
from globalmarket.tenancy.db import atomic

pytestmark = pytest.mark.django_db


def test_factory_builds_a_purchasable_product(in_eu):
    product = ProductFactory(
        variants=[
            {"option_name": "Color", "option_value": "Black", "stock": 80},
            {
                "option_name": "Color",
                "option_value": "White",
                "stock": 70,
                "price_modifier": Decimal("10"),
            },
        ]
    )
    white = product.variants.get(option_value="White")
    assert white.price == Decimal("29.99")
    assert white.vendor_id == product.vendor_id
    assert product.tenant_id == in_eu.id


def test_stock_can_never_be_negative_in_the_database(in_eu):
    variant = ProductVariantFactory(stock=1)
    with pytest.raises(IntegrityError), atomic():
        ProductVariant.objects.filter(pk=variant.pk).update(stock=-1)
    variant.refresh_from_db()
    assert variant.stock == 1


def test_on_sale_derives_from_compare_at_price(in_eu):
    assert ProductFactory(price=Decimal("10"), compare_at_price=Decimal("12")).is_on_sale
    assert not ProductFactory(price=Decimal("10"), compare_at_price=None).is_on_sale
