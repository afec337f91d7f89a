import pytest

from globalmarket.accounts.roles import VendorRole
from globalmarket.tenancy.context import use_tenant
from globalmarket.vendors import crypto
from globalmarket.vendors.models import Vendor

from .conftest import RAW_IBAN, add_member, make_vendor

pytestmark = pytest.mark.django_db
PROFILE = "/api/v1/vendor/profile/"


def _row(tenant, vendor):
    with use_tenant(tenant):
        return Vendor.objects.get(pk=vendor.pk)


def test_owner_reads_own_profile_with_masked_iban(api_for, eu, owner):
    make_vendor(eu, owner, name="AudioTech B.V.", vat_number="NL820646660B01")
    body = api_for(eu, owner).get(PROFILE).json()
    assert body["name"] == "AudioTech B.V."
    assert body["payout"]["iban_masked"] == "NL** **** **** **** 3210"
    assert "iban_encrypted" not in str(body) and "iban_hash" not in str(body)


def test_update_details_and_payout(api_for, eu, owner):
    vendor = make_vendor(eu, owner, vat_number="NL820646660B01")
    response = api_for(eu, owner).patch(PROFILE, {
        "name": "AudioTech Europe B.V.", "vat_number": "nl 0044.95.445.B01",
        "description": {"en": "Sound.", "nl": "Geluid."},
        "payout": {"iban": "DE65 1007 0000 0123 4567 89", "account_holder": "AudioTech"},
        "shipping_rates": {"NL": {"cost": "4.9", "delivery_days_min": 1, "delivery_days_max": 2}},
        "free_shipping_over": "50",
    }, format="json")  # fmt: skip
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["name"], body["vat_number"]) == ("AudioTech Europe B.V.", "NL004495445B01")
    assert body["payout"]["iban_masked"] == "DE** **** **** **** 6789"
    assert body["shipping_rates"] == {
        "NL": {"cost": "4.90", "delivery_days_min": 1, "delivery_days_max": 2}
    }
    assert body["free_shipping_over"] == "50.00"
    row = _row(eu, vendor)
    assert crypto.decrypt(row.iban_encrypted) == "DE65100700000123456789"
    assert row.iban_hash == crypto.lookup_hash("DE65100700000123456789")
    assert (row.country, row.status, row.slug) == (vendor.country, vendor.status, vendor.slug)


@pytest.mark.parametrize(("body", "field", "code"), [
    ({"vat_number": "NL123456789B01"}, "vat_number", "invalid_vat_number"),
    ({"payout": {"iban": "NL68INGB0006543210", "account_holder": "X"}}, "payout.iban", "invalid_iban"),
    ({"shipping_rates": {"US": {"cost": "1", "delivery_days_min": 1, "delivery_days_max": 2}}},
     "shipping_rates.US", "country_not_in_region"),
    ({"shipping_rates": {"NL": {"cost": "-1", "delivery_days_min": 1, "delivery_days_max": 2}}},
     "shipping_rates.NL.cost", "min_value"),
    ({"shipping_rates": {"NL": {"cost": "abc", "delivery_days_min": 1, "delivery_days_max": 2}}},
     "shipping_rates.NL.cost", "invalid"),
    ({"shipping_rates": {"NL": {"cost": "1", "delivery_days_min": 5, "delivery_days_max": 2}}},
     "shipping_rates.NL.delivery_days_max", "invalid"),
    ({"free_shipping_over": 1e300}, "free_shipping_over", "max_digits"),
    ({"name": "x" * 10_000}, "name", "max_length"),
    ({"name": "Fine", "address": {"street": "", "city": "Amsterdam"}}, "address.street", "blank"),
])  # fmt: skip
def test_bad_profile_changes_change_nothing(api_for, eu, owner, body, field, code):
    vendor = make_vendor(eu, owner, name="Before", vat_number="NL820646660B01")
    response = api_for(eu, owner).patch(PROFILE, body, format="json")
    assert response.status_code == 400, response.json()
    assert response.json()["error"]["fields"][field][0]["code"] == code
    row = _row(eu, vendor)
    assert (row.name, row.vat_number, row.iban_hash, row.shipping_rates) == (
        "Before",
        "NL820646660B01",
        crypto.lookup_hash(RAW_IBAN),
        {},
    )


@pytest.mark.parametrize("role", [VendorRole.MANAGER, VendorRole.STAFF])
def test_only_owners_edit_the_profile(api_for, eu, owner, make_user, role):
    vendor = make_vendor(eu, owner, name="Before")
    member = make_user(eu)
    add_member(eu, vendor, member, role)
    assert api_for(eu, member).get(PROFILE).status_code == 403
    assert (
        api_for(eu, member).patch(PROFILE, {"name": "Hijacked"}, format="json").status_code == 403
    )
    assert _row(eu, vendor).name == "Before"


def test_non_members_and_other_vendors_get_404(api_for, eu, mena, owner, make_user):
    make_vendor(eu, owner, slug="vendor-a")
    vendor_b = make_vendor(eu, make_user(eu), slug="vendor-b", name="B")
    stranger = make_user(eu)
    assert api_for(eu, stranger).get(PROFILE).status_code == 404
    response = api_for(eu, owner).patch(PROFILE, {"name": "Hijacked"}, format="json",
                                        HTTP_X_VENDOR="vendor-b")  # fmt: skip
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "vendor_not_found"
    assert _row(eu, vendor_b).name == "B"
    # The same person in another region has no vendor there.
    assert (
        api_for(mena, make_user(mena, email="owner@example.test")).get(PROFILE).status_code == 404
    )


def test_several_vendors_need_the_header(api_for, eu, owner):
    make_vendor(eu, owner, slug="vendor-a", name="A")
    make_vendor(eu, owner, slug="vendor-b", name="B")
    client = api_for(eu, owner)
    assert client.get(PROFILE).json()["error"]["code"] == "vendor_required"
    assert client.get(PROFILE, HTTP_X_VENDOR="vendor-b").json()["name"] == "B"


def test_public_profile_of_approved_vendors_only(api_for, eu, mena):
    make_vendor(eu, slug="audiotech", name="AudioTech B.V.", contact_email="sales@audiotech.test",
                description={"en": "Headphones.", "nl": "Koptelefoons."})  # fmt: skip
    for status in ("pending", "rejected", "suspended"):
        make_vendor(eu, slug=f"shop-{status}", status=status)
    make_vendor(mena, slug="dubai-electronics", country="AE")
    client = api_for(eu)
    response = client.get("/api/v1/vendors/audiotech/?lang=nl")
    assert response.status_code == 200
    assert response.json() == {"slug": "audiotech", "name": "AudioTech B.V.",
                               "description": "Koptelefoons.", "country": "NL",
                               "rating_avg": None, "rating_count": 0}  # fmt: skip
    assert client.get("/api/v1/vendors/audiotech/?lang=de").json()["description"] == "Headphones."
    for slug in ("shop-pending", "shop-rejected", "shop-suspended", "dubai-electronics", "nope"):
        missing = client.get(f"/api/v1/vendors/{slug}/")
        assert missing.status_code == 404
        assert missing.json()["error"]["code"] == "vendor_not_found"


def test_owners_are_warned_when_payout_details_change(api_for, eu, owner, run_on_commit):
    from django.core import mail

    from globalmarket.vendors.tasks import send_payout_changed_email

    vendor = make_vendor(eu, owner, name="AudioTech B.V.")
    client = api_for(eu, owner)
    payout = {"iban": "DE65100700000123456789", "account_holder": "Holder"}
    with run_on_commit():
        client.patch(PROFILE, {"payout": payout}, format="json")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["owner@example.test"]
    assert "DE** **** **** **** 6789" in mail.outbox[0].body
    assert "DE65100700000123456789" not in mail.outbox[0].body
    encrypted = _row(eu, vendor).iban_encrypted
    with run_on_commit():
        client.patch(PROFILE, {"payout": payout, "name": "Renamed"}, format="json")  # same payout
        with use_tenant(eu):
            send_payout_changed_email(vendor.pk)  # a redelivered task
    assert len(mail.outbox) == 1
    assert _row(eu, vendor).iban_encrypted == encrypted
    with run_on_commit():
        client.patch(PROFILE, {"payout": {"method": "paypal", "paypal_email": "pay@example.test"}},
                     format="json")  # fmt: skip
    assert len(mail.outbox) == 2
    assert "pay@example.test" in mail.outbox[1].body
    row = _row(eu, vendor)
    assert (row.payout_method, row.iban_hash, row.iban_encrypted, row.iban_masked) == (
        "paypal",
        "",
        "",
        "",
    )
