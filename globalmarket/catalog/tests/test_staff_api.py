import pytest

from globalmarket.accounts.roles import StaffRole
from globalmarket.audit.models import AuditLog
from globalmarket.catalog.models import Category, Product
from globalmarket.catalog.tests.conftest import product_body
from globalmarket.catalog.tests.factories import ProductFactory
from globalmarket.tenancy.context import use_tenant
from globalmarket.tenancy.selectors import clear_tenant_cache

pytestmark = pytest.mark.django_db
STAFF = "/api/v1/staff/products/"


@pytest.fixture
def moderated(eu):
    eu.features = {**eu.features, "product_moderation": True}
    eu.save()
    clear_tenant_cache()
    return eu


def test_moderation_flow_with_audit(moderated, audio, vendor_client, staff_client, api_for):
    eu = moderated
    vendor, _ = vendor_client(eu)
    pid = vendor.post("/api/v1/vendor/products/", product_body(), format="json").json()["id"]
    assert (
        vendor.post(f"/api/v1/vendor/products/{pid}/publish/").json()["status"] == "pending_review"
    )
    assert api_for(eu).get("/api/v1/products/wireless-headphones/").status_code == 404
    staff = staff_client(eu, StaffRole.SUPPORT)
    queue = staff.get(STAFF).json()
    assert [p["id"] for p in queue["results"]] == [pid]
    assert queue["results"][0]["cost_price"] == "150.00"
    rejected = staff.post(f"{STAFF}{pid}/reject/", {"reason": "Photos missing"}, format="json")
    assert rejected.json()["status"] == "draft"
    assert rejected.json()["rejection_reason"] == "Photos missing"
    assert staff.post(f"{STAFF}{pid}/approve/").status_code == 409
    vendor.post(f"/api/v1/vendor/products/{pid}/publish/")
    approved = staff.post(f"{STAFF}{pid}/approve/")
    assert approved.json()["status"] == "published"
    assert approved.json()["rejection_reason"] == ""
    assert api_for(eu).get("/api/v1/products/wireless-headphones/").status_code == 200
    with use_tenant(eu):
        entries = list(
            AuditLog.objects.filter(resource_type="product")
            .order_by("id")
            .values_list("action", "actor_role", "new_values")
        )
    slug = Product.objects.using("region_eu").get(pk=pid).vendor.slug
    # The vendor member's role is recorded, as for every other vendor action (audit_role).
    assert [(a, r) for a, r, _ in entries] == [
        ("product.create", f"vendor:{slug}:owner"),
        ("product.publish", f"vendor:{slug}:owner"),
        ("product.reject", "staff:support"),
        ("product.publish", f"vendor:{slug}:owner"),
        ("product.approve", "staff:support"),
    ]
    assert entries[2][2] == {"status": "draft", "reason": "Photos missing"}
    assert entries[4][2] == {"status": "published"}


def test_reject_needs_a_reason_and_staff_permission(moderated, staff_client, api_for, make_user):
    with use_tenant(moderated):
        product = ProductFactory(status=Product.Status.PENDING_REVIEW)
    staff = staff_client(moderated)
    response = staff.post(f"{STAFF}{product.pk}/reject/", {"reason": ""}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["reason"][0]["code"] == "blank"
    finance = staff_client(moderated, StaffRole.FINANCE)
    assert finance.post(f"{STAFF}{product.pk}/approve/").status_code == 403
    customer = api_for(moderated, make_user(moderated))
    assert customer.get(STAFF).status_code == 403
    with use_tenant(moderated):
        assert Product.objects.get(pk=product.pk).status == Product.Status.PENDING_REVIEW


def test_staff_creates_categories_and_brands(eu, staff_client, api_for):
    staff = staff_client(eu)
    root = staff.post(
        "/api/v1/staff/categories/",
        {"slug": "garden", "name": {"en": "Garden", "nl": "Tuin"}},
        format="json",
    )
    assert root.status_code == 201, root.json()
    child = staff.post(
        "/api/v1/staff/categories/",
        {"slug": "tools", "parent": "garden", "name": {"en": "Tools"}},
        format="json",
    )
    assert child.json()["path"] == f"/{root.json()['id']}/{child.json()['id']}/"
    bad = staff.post("/api/v1/staff/categories/", {"slug": "x", "name": {"zz": "?"}}, format="json")
    assert bad.json()["error"]["fields"]["name.zz"][0]["code"] == "unknown_language"
    orphan = staff.post(
        "/api/v1/staff/categories/",
        {"slug": "orphan", "parent": "no-such", "name": {"en": "Orphan"}},
        format="json",
    )
    assert orphan.status_code == 404
    assert orphan.json()["error"]["code"] == "category_not_found"
    with use_tenant(eu):
        assert Category.objects.count() == 2
    assert staff.post("/api/v1/staff/brands/", {"name": "Acme Tools"}, format="json").json() == {
        "slug": "acme-tools",
        "name": "Acme Tools",
    }
    tree = api_for(eu).get("/api/v1/categories/?lang=nl").json()
    assert [(c["name"], [k["slug"] for k in c["children"]]) for c in tree] == [("Tuin", ["tools"])]
