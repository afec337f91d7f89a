"""The admin panel per region: staff only, their region's data only, rights from staff roles."""

from typing import Any

import pytest
from django.test import Client

from globalmarket.accounts.roles import StaffRole
from globalmarket.tenancy.context import use_tenant
from globalmarket.vendors.models import Vendor
from globalmarket.vendors.tests.factories import VendorFactory

pytestmark = pytest.mark.django_db


def signed_in(tenant: Any, make_user: Any, email: str, **fields: Any) -> Client:
    make_user(tenant, email=email, password="correct-horse-42", **fields)
    client = Client(HTTP_HOST=tenant.aliases[0])
    response = client.post(
        "/admin/login/?next=/admin/", {"username": email, "password": "correct-horse-42"}
    )
    assert response.status_code in (200, 302)
    return client


def test_region_staff_sign_in_to_their_regions_admin_only(
    eu: Any, mena: Any, make_user: Any
) -> None:
    client = signed_in(eu, make_user, "staff@eu.test", staff_role=StaffRole.ADMIN)
    response = client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "GlobalMarket Europe — Staff" in html
    assert "/admin/vendors/vendor/" in html and "/admin/orders/order/" in html
    assert "/admin/tenancy/tenant/" not in html  # regions are managed by platform admins only
    # The same credentials mean nothing in MENA: accounts live in the region's database.
    mena_client = Client(HTTP_HOST=mena.aliases[0])
    response = mena_client.post(
        "/admin/login/?next=/admin/", {"username": "staff@eu.test", "password": "correct-horse-42"}
    )
    assert response.status_code == 200 and "errornote" in response.content.decode()
    assert mena_client.get("/admin/").status_code == 302


def test_customers_cannot_use_the_admin(eu: Any, make_user: Any) -> None:
    client = signed_in(eu, make_user, "shopper@eu.test")
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client.get("/staff/").status_code == 302


def test_admin_lists_only_the_regions_vendors(eu: Any, mena: Any, make_user: Any) -> None:
    with use_tenant(eu):
        VendorFactory(name="Amsterdam Audio", slug="amsterdam-audio")
    with use_tenant(mena):
        VendorFactory(name="Dubai Digital", slug="dubai-digital")
    client = signed_in(eu, make_user, "staff@eu.test", staff_role=StaffRole.ADMIN)
    html = client.get("/admin/vendors/vendor/").content.decode()
    assert "Amsterdam Audio" in html and "Dubai Digital" not in html


def test_roles_limit_what_staff_see_and_change(eu: Any, make_user: Any) -> None:
    with use_tenant(eu):
        vendor = VendorFactory(status=Vendor.Status.PENDING)
    support = signed_in(eu, make_user, "support@eu.test", staff_role=StaffRole.SUPPORT)
    assert support.get("/admin/vendors/vendor/").status_code == 403  # vendor review: admins only
    assert support.get("/admin/orders/order/").status_code == 200
    assert support.get("/admin/catalog/product/").status_code == 200
    assert support.get("/admin/audit/auditlog/").status_code == 403
    finance = signed_in(eu, make_user, "finance@eu.test", staff_role=StaffRole.FINANCE)
    assert finance.get("/admin/orders/order/").status_code == 200
    assert finance.get("/admin/catalog/product/").status_code == 403
    assert finance.get(f"/admin/vendors/vendor/{vendor.pk}/change/").status_code == 403


def test_platform_admin_manages_tenants(eu: Any, make_user: Any) -> None:
    client = signed_in(eu, make_user, "root@eu.test", is_platform_admin=True)
    assert client.get("/admin/tenancy/tenant/").status_code == 200
    assert "GlobalMarket MENA" in client.get("/admin/tenancy/tenant/").content.decode()


def test_staff_operations_page_counts_work_queues(eu: Any, make_user: Any) -> None:
    with use_tenant(eu):
        VendorFactory.create_batch(2, status=Vendor.Status.PENDING)
        VendorFactory(status=Vendor.Status.APPROVED)
    client = signed_in(eu, make_user, "staff@eu.test", staff_role=StaffRole.ADMIN)
    html = client.get("/staff/?lang=en").content.decode()
    assert '<span class="stat__value">2</span>Vendors waiting for review' in html
    assert "/admin/vendors/vendor/?status__exact=pending" in html


def test_admin_pages_have_the_admin_csp(eu: Any, make_user: Any) -> None:
    client = signed_in(eu, make_user, "staff@eu.test", staff_role=StaffRole.ADMIN)
    response = client.get("/admin/")
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_admin_action_approves_vendors_through_the_vendor_service(eu: Any, make_user: Any) -> None:
    with use_tenant(eu):
        pending = VendorFactory(status=Vendor.Status.PENDING, name="Pending Shop")
        approved = VendorFactory(status=Vendor.Status.APPROVED, name="Already Selling")
    client = signed_in(eu, make_user, "staff@eu.test", staff_role=StaffRole.ADMIN)
    response = client.post(
        "/admin/vendors/vendor/",
        {"action": "approve", "_selected_action": [pending.pk, approved.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "Approved: 1" in html  # one moved; the other is reported, not changed
    assert "Already Selling" in html
    with use_tenant(eu):
        pending.refresh_from_db()
        approved.refresh_from_db()
        from globalmarket.audit.models import AuditLog

        assert (
            AuditLog.objects.filter(action="vendor.approve", resource_id=str(pending.pk)).count()
            == 1
        )
    assert pending.status == "approved" and approved.status == "approved"


def test_vendor_change_form_writes_nothing(eu: Any, make_user: Any) -> None:
    """Payout details change only through vendors.services (audit, payout-changed email)."""
    import json

    with use_tenant(eu):
        vendor = VendorFactory(status=Vendor.Status.APPROVED, name="Payout Shop")
        before = (vendor.name, vendor.payout_method, vendor.paypal_email, vendor.account_holder)
    client = signed_in(eu, make_user, "staff@eu.test", staff_role=StaffRole.ADMIN)
    url = f"/admin/vendors/vendor/{vendor.pk}/change/"
    assert client.get(url).status_code == 200
    form = {
        "name": "Renamed", "slug": vendor.slug, "description": json.dumps(vendor.description),
        "legal_form": vendor.legal_form, "vat_number": vendor.vat_number,
        "country": vendor.country, "address": json.dumps(vendor.address),
        "contact_email": vendor.contact_email, "contact_phone": vendor.contact_phone,
        "payout_method": "paypal", "paypal_email": "thief@example.com",
        "account_holder": "Someone Else", "bic": "", "shipping_rates": "{}",
        "free_shipping_over": "", "rejection_reason": "", "rating_count": "0",
        "members-TOTAL_FORMS": "0", "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0", "members-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    assert client.post(url, form).status_code == 302  # accepted, yet nothing is saved
    with use_tenant(eu):
        vendor.refresh_from_db()
        from globalmarket.audit.models import AuditLog

        assert not AuditLog.objects.filter(
            resource_type="vendor", resource_id=str(vendor.pk)
        ).exists()
    assert (vendor.name, vendor.payout_method, vendor.paypal_email, vendor.account_holder) == before
    assert vendor.payout_changed_at is None


def test_admin_action_moderates_products_and_support_cannot_review_vendors(
    eu: Any, make_user: Any
) -> None:
    from globalmarket.catalog.models import Product
    from globalmarket.catalog.tests.factories import ProductFactory

    with use_tenant(eu):
        product = ProductFactory(status=Product.Status.PENDING_REVIEW)
        vendor = VendorFactory(status=Vendor.Status.PENDING)
    support = signed_in(eu, make_user, "support@eu.test", staff_role=StaffRole.SUPPORT)
    support.post("/admin/catalog/product/", {"action": "approve", "_selected_action": [product.pk]})
    with use_tenant(eu):
        product.refresh_from_db()
    assert product.status == "published"
    response = support.post(
        "/admin/vendors/vendor/", {"action": "approve", "_selected_action": [vendor.pk]}
    )
    assert response.status_code == 403
    with use_tenant(eu):
        vendor.refresh_from_db()
    assert vendor.status == "pending"


def test_catalog_rows_are_not_written_around_the_catalog_services(eu: Any, make_user: Any) -> None:
    from decimal import Decimal

    from globalmarket.catalog.models import Category, Product
    from globalmarket.catalog.tests.factories import ProductFactory

    admin_client = signed_in(eu, make_user, "admin@staff.test", staff_role=StaffRole.ADMIN)
    with use_tenant(eu):
        product = ProductFactory(price=Decimal("19.99"))
    assert admin_client.get("/admin/catalog/category/add/").status_code == 403
    admin_client.post(
        "/admin/catalog/category/add/", {"slug": "sneaky", "position": 0, "name": '{"en": "X"}'}
    )
    page = admin_client.get(f"/admin/catalog/product/{product.pk}/change/")
    assert page.status_code == 200
    admin_client.post(
        f"/admin/catalog/product/{product.pk}/change/", {"slug": "renamed", "price": "1.00"}
    )
    with use_tenant(eu):
        assert not Category.objects.filter(slug="sneaky").exists()
        product.refresh_from_db()
        assert (product.slug, product.price) != ("renamed", Decimal("1.00"))
        assert Product.objects.filter(pk=product.pk, price=Decimal("19.99")).exists()
