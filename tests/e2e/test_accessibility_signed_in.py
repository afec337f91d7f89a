"""axe-core on the pages behind sign-in: cart, checkout, order, vendor dashboard, admin."""

from typing import Any

import pytest

from globalmarket.accounts.roles import StaffRole, VendorRole
from globalmarket.storefront.sample import build_shop
from globalmarket.tenancy.context import use_tenant
from globalmarket.vendors.models import VendorMember

from .conftest import describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-42"


def test_signed_in_pages_have_no_serious_accessibility_violations(
    axe_page: Any, axe_check: Any, url_for: Any, eu: Any, make_user: Any, screenshot: Any
) -> None:
    user = make_user(eu, email="anna@example.test", password=PASSWORD, staff_role=StaffRole.ADMIN)
    with use_tenant(eu):
        shop = build_shop()
        VendorMember.objects.create(vendor=shop.vendors[0], user=user, role=VendorRole.OWNER)
    page = axe_page
    page.goto(url_for(eu, "/account/login/?next=/p/wireless-headphones/"))
    page.get_by_label("Email").fill("anna@example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Add to cart").click()
    page.locator("[data-cart-count]").filter(has_text="1").wait_for()
    pages = ["/cart/", "/checkout/", "/account/", "/account/profile/", "/account/addresses/",
             "/vendor/", "/vendor/orders/", "/vendor/products/", f"/vendor/products/{shop.products['wireless-headphones'].pk}/",
             "/vendor/apply/", "/staff/"]  # fmt: skip
    for path in pages:
        page.goto(url_for(eu, path))
        violations = axe_check(page)
        assert violations == [], f"{path}: {describe(violations)}"
    page.goto(url_for(eu, "/vendor/"))
    screenshot(page, "eu-vendor-overview-en")
    page.goto(url_for(eu, f"/vendor/products/{shop.products['wireless-headphones'].pk}/"))
    screenshot(page, "eu-vendor-product-form-en")
