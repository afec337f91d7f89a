"""Shoppers in real Chromium: Europe in Dutch, MENA in Arabic (right-to-left), a 360 px phone."""

from typing import Any

import pytest
from playwright.sync_api import expect

from globalmarket.storefront.sample import build_shop
from globalmarket.tenancy.context import use_tenant

from .conftest import describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shops(eu: Any, mena: Any) -> dict[str, Any]:
    shops = {}
    for tenant in (eu, mena):
        with use_tenant(tenant):
            shops[tenant.slug] = build_shop(extra_products=6)
    return shops


def test_shopper_browses_europe_in_dutch(
    page: Any, url_for: Any, eu: Any, shops: Any, screenshot: Any, console_errors: list[str]
) -> None:
    page.goto(url_for(eu, "/"))
    assert page.locator("html").get_attribute("lang") == "en"
    # The language switcher submits itself on change (JS); the page comes back in Dutch.
    with page.expect_navigation():
        page.select_option("#language-select", "nl")
    assert page.locator("html").get_attribute("lang") == "nl"
    expect(page.get_by_role("heading", name="Uitgelichte producten")).to_be_visible()
    screenshot(page, "eu-home-nl")

    page.get_by_role("navigation", name="Categorieën").get_by_role(
        "link", name="Elektronica"
    ).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Elektronica"
    page.select_option("#id_sort", "price_desc")
    page.get_by_label("In de aanbieding").check()
    page.get_by_role("button", name="Filters toepassen").click()
    assert "sort=price_desc" in page.url and "on_sale=on" in page.url
    cards = page.locator(".product-card__title").all_inner_texts()
    assert cards == ["Draadloze koptelefoon", "Slimme speaker"]
    screenshot(page, "eu-category-nl")

    page.get_by_role("link", name="Draadloze koptelefoon").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Draadloze koptelefoon"
    assert page.locator("[data-price]").inner_text() == "€\xa0129,00"
    expect(page.get_by_text("Inclusief btw", exact=True)).to_be_visible()
    expect(page.get_by_text("Gratis verzending", exact=True)).to_be_visible()
    assert page.locator("legend").first.inner_text() == "Kleur"
    with page.expect_navigation():
        page.get_by_text("Wit", exact=True).click()  # the variant picker reloads for that option
    expect(page.get_by_text("Nog maar 3")).to_be_visible()
    screenshot(page, "eu-product-nl")
    assert console_errors == []


def test_country_selector_changes_shipping_quote(
    page: Any, url_for: Any, eu: Any, shops: Any
) -> None:
    page.goto(url_for(eu, "/p/smart-speaker/?lang=en"))
    expect(page.get_by_text("Delivering to Netherlands")).to_be_visible()
    with page.expect_navigation():
        page.select_option("#country-select", "BE")
    expect(page.get_by_text("Delivering to Belgium")).to_be_visible()
    expect(page.get_by_text("Shipping: €4.95")).to_be_visible()


def test_mena_in_arabic_is_right_to_left_with_dirham_prices(
    page: Any, url_for: Any, mena: Any, shops: Any, screenshot: Any
) -> None:
    page.goto(url_for(mena, "/?lang=ar"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # Mirrored layout: the brand sits at the right edge, the account links to its left.
    brand = page.locator(".brand").bounding_box()
    search = page.locator(".search").bounding_box()
    assert brand["x"] > search["x"]
    prices = page.locator(".product-card .price").all_inner_texts()
    assert prices and all("د.إ" in p for p in prices)
    expect(page.get_by_role("heading", name="منتجات مميزة")).to_be_visible()
    screenshot(page, "mena-home-ar")
    page.goto(url_for(mena, "/p/wireless-headphones/?lang=ar"))
    assert page.get_by_role("heading", level=1).inner_text() == "سماعات لاسلكية"
    screenshot(page, "mena-product-ar")


def test_phone_width_has_no_horizontal_scrolling(
    browser: Any, url_for: Any, eu: Any, mena: Any, shops: Any, screenshot: Any
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="nl-NL")
    page = context.new_page()
    for tenant, path in [
        (eu, "/"),
        (eu, "/c/electronics/"),
        (eu, "/p/wireless-headphones/"),
        (mena, "/?lang=ar"),
        (eu, "/account/login/"),
    ]:
        page.goto(url_for(tenant, path))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{tenant.slug}{path} is {width}px wide"
    page.goto(url_for(eu, "/p/wireless-headphones/"))
    screenshot(page, "eu-product-phone")
    context.close()


def test_keyboard_users_get_a_skip_link_and_visible_focus(
    page: Any, url_for: Any, eu: Any, shops: Any
) -> None:
    page.goto(url_for(eu, "/?lang=en"))
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"


def test_sign_in_errors_are_shown_next_to_the_field_in_dutch(
    page: Any, url_for: Any, eu: Any, make_user: Any, screenshot: Any
) -> None:
    make_user(eu, email="anna@example.test", password="correct-horse-42")
    page.goto(url_for(eu, "/account/login/"))
    with page.expect_navigation():
        page.select_option("#language-select", "nl")
    page.get_by_label("E-mail").fill("anna@example")
    page.get_by_role("button", name="Inloggen").last.click()
    error = page.locator("#id_email_error")
    assert error.is_visible() and "e-mailadres" in error.inner_text()
    assert page.get_by_label("E-mail").input_value() == "anna@example"  # what was typed is kept
    assert page.get_by_label("E-mail").get_attribute("aria-invalid") == "true"
    screenshot(page, "eu-login-error-nl")
    page.get_by_label("E-mail").fill("anna@example.test")
    page.get_by_label("Wachtwoord").fill("correct-horse-42")
    page.get_by_role("button", name="Inloggen").last.click()
    expect(page.get_by_role("link", name="Mijn account")).to_be_visible()


@pytest.mark.parametrize(
    ("region", "path"),
    [
        ("eu", "/"),
        ("eu", "/c/electronics/"),
        ("eu", "/p/wireless-headphones/"),
        ("eu", "/account/login/"),
        ("eu", "/account/register/"),
        ("mena", "/?lang=ar"),
        ("mena", "/p/wireless-headphones/?lang=ar"),
    ],
)
def test_main_pages_have_no_serious_accessibility_violations(
    axe_page: Any, axe_check: Any, url_for: Any, tenants: Any, shops: Any, region: str, path: str
) -> None:
    axe_page.goto(url_for(tenants[region], path))
    violations = axe_check(axe_page)
    assert violations == [], describe(violations)
