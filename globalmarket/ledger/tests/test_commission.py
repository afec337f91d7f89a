from decimal import Decimal as D
from typing import Any

import pytest
from django.db import IntegrityError
from django.test import override_settings

from globalmarket.catalog.models import Category
from globalmarket.ledger.commission import CommissionTerms, commission_rate_for, line_commission
from globalmarket.ledger.models import CommissionRule
from globalmarket.tenancy.db import atomic
from globalmarket.vendors.tests.factories import VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(in_eu: Any) -> dict[str, Any]:
    root = Category.objects.create(slug="electronics", name={"en": "Electronics"})
    root.path = f"/{root.pk}/"
    root.save()
    phones = Category.objects.create(slug="phones", name={"en": "Phones"}, parent=root)
    phones.path = f"/{root.pk}/{phones.pk}/"
    phones.save()
    return {"root": root, "phones": phones, "vendor": VendorFactory(), "other": VendorFactory()}


@override_settings(LEDGER_DEFAULT_COMMISSION_RATE="0.12")
def test_fallback_when_no_rule(tree: Any) -> None:
    assert commission_rate_for(vendor=tree["vendor"], category=tree["phones"]) == CommissionTerms(
        rate=D("0.12"))  # fmt: skip


def test_vendor_beats_category_beats_default(tree: Any, django_assert_num_queries: Any) -> None:
    from django.db import connections

    default = CommissionRule.objects.create(rate=D("0.1000"))
    root_rule = CommissionRule.objects.create(category=tree["root"], rate=D("0.0800"))
    assert (
        commission_rate_for(vendor=tree["vendor"], category=tree["phones"]).rule_id == root_rule.pk
    )
    phone_rule = CommissionRule.objects.create(category=tree["phones"], rate=D("0.0600"),
                                               minimum=D("0.50"))  # fmt: skip
    vendor_rule = CommissionRule.objects.create(vendor=tree["vendor"], rate=D("0.0500"))
    with django_assert_num_queries(1, connection=connections["region_eu"]):
        terms = commission_rate_for(vendor=tree["vendor"], category=tree["phones"])
    assert (terms.rule_id, terms.scope, terms.rate) == (vendor_rule.pk, "vendor", D("0.0500"))
    other = commission_rate_for(vendor=tree["other"], category=tree["phones"])
    assert (other.rule_id, other.minimum) == (phone_rule.pk, D("0.500"))
    assert commission_rate_for(vendor=tree["other"], category=tree["root"]).rule_id == root_rule.pk
    assert commission_rate_for(vendor_id=tree["other"].pk).rule_id == default.pk
    vendor_rule.is_active = False
    vendor_rule.save()
    assert (
        commission_rate_for(vendor=tree["vendor"], category=tree["phones"]).rule_id == phone_rule.pk
    )


def test_minimum_and_maximum_per_line() -> None:
    terms = CommissionTerms(rate=D("0.1000"), minimum=D("0.50"), maximum=D("50.00"))
    assert terms.amount_for(D("3.00"), "EUR") == D("0.50")
    assert terms.rate_for_line(D("3.00"), "EUR") == D("0.1667")
    assert terms.amount_for(D("100.00"), "EUR") == D("10.00")
    assert terms.rate_for_line(D("100.00"), "EUR") == D("0.1000")
    assert terms.amount_for(D("10000.00"), "EUR") == D("50.00")
    assert terms.rate_for_line(D("10000.00"), "EUR") == D("0.0050")
    assert terms.amount_for(D("0.20"), "EUR") == D("0.20")  # never more than the line
    assert line_commission(line_net=D("10000.00"), rate=D("0.0050"), currency="EUR") == D("50.00")


def test_one_default_and_one_scope_per_rule(tree: Any) -> None:
    CommissionRule.objects.create(rate=D("0.1"))
    with pytest.raises(IntegrityError), atomic():
        CommissionRule.objects.create(rate=D("0.2"))
    with pytest.raises(IntegrityError), atomic():
        CommissionRule.objects.create(rate=D("0.2"), vendor=tree["vendor"], category=tree["root"])
    with pytest.raises(IntegrityError), atomic():
        CommissionRule.objects.create(rate=D("1.5"), vendor=tree["vendor"])
    assert CommissionRule.objects.count() == 1


def test_book_matches_commission_rate_for(tree: Any, django_assert_num_queries: Any) -> None:
    from django.db import connections

    from globalmarket.ledger.commission import CommissionBook

    CommissionRule.objects.create(rate=D("0.1000"))
    CommissionRule.objects.create(category=tree["root"], rate=D("0.0800"))
    CommissionRule.objects.create(vendor=tree["vendor"], rate=D("0.0500"))
    with django_assert_num_queries(1, connection=connections["region_eu"]):
        book = CommissionBook()
    for vendor in (tree["vendor"], tree["other"]):
        for category in (tree["root"], tree["phones"], None):
            expected = commission_rate_for(vendor=vendor, category=category)
            assert book.terms_for(vendor_id=vendor.pk, category=category) == expected
            if category is not None:
                assert book.terms_for(vendor_id=vendor.pk, category_id=category.pk) == expected


def test_category_id_matches_the_nearest_ancestor(tree: Any) -> None:
    root_rule = CommissionRule.objects.create(category=tree["root"], rate=D("0.0800"))
    terms = commission_rate_for(vendor_id=tree["other"].pk, category_id=tree["phones"].pk)
    assert (terms.rule_id, terms.scope) == (root_rule.pk, "category")
