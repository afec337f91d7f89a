"""The issue's scenario in real Chromium: a Dutch shopper buys from two vendors, the vendor ships.

Europe in Dutch: browse, add products of two vendors (the cart badge updates without a
reload), check out with cash on delivery and with the sandbox card, see the orders; the
vendor signs in, accepts and ships its part; the shopper sees the tracking number.
"""

from typing import Any

import pytest
from playwright.sync_api import expect

from globalmarket.accounts.roles import VendorRole
from globalmarket.storefront.sample import build_shop
from globalmarket.tenancy.context import use_tenant
from globalmarket.vendors.models import VendorMember

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-42"


@pytest.fixture
def shop(eu: Any, make_user: Any) -> Any:
    make_user(
        eu,
        email="anna@example.test",
        password=PASSWORD,
        full_name="Anna de Vries",
        phone="+31612345678",
    )
    seller = make_user(
        eu, email="seller@klankwerk.test", password=PASSWORD, full_name="Kees Klankwerk"
    )
    with use_tenant(eu):
        shop = build_shop()
        VendorMember.objects.create(vendor=shop.vendors[0], user=seller, role=VendorRole.OWNER)
    return shop


def sign_in(page: Any, email: str) -> None:
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Inloggen").click()


def add_to_cart(page: Any, url: str, expected_count: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="In winkelwagen").click()
    # fetch + CSRF: the badge changes while the page stays where it is.
    page.locator("[data-cart-count]").filter(has_text=expected_count).wait_for()
    expect(page.get_by_text("Toegevoegd aan je winkelwagen.")).to_be_visible()


def fill_address(page: Any) -> None:
    page.get_by_label("Straat").fill("Damrak")
    page.get_by_label("Huisnummer").fill("1")
    page.get_by_label("Postcode").fill("1012 LG")
    page.get_by_label("Plaats").fill("Amsterdam")


def test_dutch_shopper_pays_cash_on_delivery_and_the_vendor_ships(
    browser: Any, page: Any, url_for: Any, eu: Any, shop: Any, screenshot: Any
) -> None:
    page.goto(url_for(eu, "/"))
    with page.expect_navigation():
        page.select_option("#language-select", "nl")
    add_to_cart(page, url_for(eu, "/p/wireless-headphones/"), "1")
    add_to_cart(page, url_for(eu, "/p/espresso-machine/"), "2")

    page.get_by_role("link", name="Winkelwagen").first.click()
    expect(page.get_by_role("heading", name="Verkocht door Klankwerk Audio")).to_be_visible()
    expect(page.get_by_role("heading", name="Verkocht door Casa Bella")).to_be_visible()
    screenshot(page, "eu-cart-nl")
    page.get_by_role("link", name="Afrekenen").click()
    sign_in(page, "anna@example.test")  # checkout asks to sign in and comes back
    expect(page.get_by_role("heading", name="Afrekenen", level=1)).to_be_visible()
    fill_address(page)
    page.get_by_label("Rembours").check()
    screenshot(page, "eu-checkout-nl")
    page.get_by_role("button", name="Bestelling plaatsen en betalen").click()

    expect(page.get_by_text("Bedankt! Je bestelling is geplaatst.")).to_be_visible()
    number = page.locator("h1").inner_text().split()[-1]
    assert page.locator("[data-payment-status]").get_attribute("data-payment-status") == "cod"
    screenshot(page, "eu-order-confirmation-nl")

    # The vendor, in its own browser session, accepts and ships its part.
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    vendor = context.new_page()
    vendor.goto(url_for(eu, "/vendor/"))
    sign_in(vendor, "seller@klankwerk.test")
    screenshot(vendor, "eu-vendor-dashboard-nl")
    vendor.get_by_role("link", name="Bestellingen", exact=True).click()
    vendor.get_by_role("link", name=f"{number}-1").click()
    vendor.get_by_role("button", name="Accepteren").click()
    expect(vendor.get_by_text("Bestelling geaccepteerd.")).to_be_visible()
    vendor.get_by_label("Vervoerder").select_option("postnl")
    vendor.get_by_label("Trackingnummer").fill("3SABCD1234567")
    vendor.get_by_role("button", name="Markeren als verzonden").click()
    expect(vendor.get_by_text("Bestelling gemarkeerd als verzonden.")).to_be_visible()
    screenshot(vendor, "eu-vendor-order-nl")
    context.close()

    page.reload()
    link = page.locator("[data-tracking]")
    assert link.inner_text() == "3SABCD1234567"
    assert (
        link.get_attribute("href")
        == "https://jouw.postnl.nl/track-and-trace/3SABCD1234567-NL-1012LG"
    )
    screenshot(page, "eu-order-tracking-nl")


def test_dutch_shopper_pays_with_the_sandbox_card(
    page: Any, url_for: Any, eu: Any, shop: Any, screenshot: Any
) -> None:
    page.goto(url_for(eu, "/account/login/"))
    with page.expect_navigation():
        page.select_option("#language-select", "nl")
    sign_in(page, "anna@example.test")
    add_to_cart(page, url_for(eu, "/p/smart-speaker/"), "1")
    page.goto(url_for(eu, "/checkout/"))
    fill_address(page)
    page.get_by_label("Kaart").check()
    page.get_by_role("button", name="Bestelling plaatsen en betalen").click()
    # The sandbox provider's hosted page (TEST MODE), then back to the shop.
    assert "/payments/sandbox/" in page.url
    screenshot(page, "eu-sandbox-payment")
    page.get_by_role("button", name="Betaling goedkeuren").click()
    page.locator('[data-payment-status="paid"]').wait_for()
    screenshot(page, "eu-payment-paid-nl")
    page.goto(url_for(eu, "/account/orders/"))
    page.locator("tbody a").first.click()
    assert page.locator("[data-payment-status]").get_attribute("data-payment-status") == "paid"
