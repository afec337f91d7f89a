import logging

import pytest
from django.core import mail

from globalmarket.accounts.roles import VendorRole
from globalmarket.tenancy.context import use_tenant
from globalmarket.vendors import crypto
from globalmarket.vendors.models import Vendor, VendorMember, VendorStatusEvent

from .conftest import RAW_IBAN, SPACED_IBAN, application

pytestmark = pytest.mark.django_db
URL = "/api/v1/vendors/apply/"


def _nothing_written(tenant):
    with use_tenant(tenant):
        assert Vendor.objects.count() == 0
        assert VendorMember.objects.count() == 0
        assert VendorStatusEvent.objects.count() == 0


def test_application_creates_a_pending_vendor_owned_by_the_applicant(api_for, eu, make_user):
    user = make_user(eu, email="ana@example.test")
    response = api_for(eu, user).post(URL, application(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["slug"] == "audiotech-bv"
    assert body["status"] == "pending"
    assert body["vat_number"] == "NL820646660B01"
    assert body["contact_email"] == "sales@audiotech.test"
    assert body["contact_phone"] == "+31201234567"
    assert body["address"] == {"street": "Herengracht 182", "city": "Amsterdam",
                               "postal_code": "1016 BR", "state": "", "country": "NL"}  # fmt: skip
    assert body["payout"] == {"method": "bank_transfer", "iban_masked": "NL** **** **** **** 3210",
                              "bic": "INGBNL2A", "account_holder": "AudioTech B.V.",
                              "paypal_email": ""}  # fmt: skip
    with use_tenant(eu):
        vendor = Vendor.objects.get()
        assert vendor.tenant_id == eu.id
        assert RAW_IBAN not in vendor.iban_encrypted
        assert crypto.decrypt(vendor.iban_encrypted) == RAW_IBAN
        assert vendor.iban_hash == crypto.lookup_hash(RAW_IBAN)
        member = VendorMember.objects.get()
        assert (member.user_id, member.vendor_id, member.role) == (
            user.pk,
            vendor.pk,
            VendorRole.OWNER,
        )
        event = VendorStatusEvent.objects.get()
        assert (event.from_status, event.to_status, event.actor_id) == ("", "pending", user.pk)


def test_second_pending_application_is_refused(api_for, eu, make_user):
    client = api_for(eu, make_user(eu))
    assert client.post(URL, application(), format="json").status_code == 201
    again = client.post(URL, application(name="Other Shop"), format="json")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "application_pending"
    with use_tenant(eu):
        assert Vendor.objects.count() == 1


def test_slugs_are_unique(api_for, eu, make_user):
    first = api_for(eu, make_user(eu)).post(URL, application(), format="json").json()
    second = api_for(eu, make_user(eu)).post(URL, application(), format="json").json()
    reserved = api_for(eu, make_user(eu)).post(URL, application(name="Apply"), format="json").json()
    assert (first["slug"], second["slug"], reserved["slug"]) == ("audiotech-bv", "audiotech-bv-2",
                                                                  "apply-shop")  # fmt: skip


def test_anonymous_cannot_apply(api_for, eu):
    response = api_for(eu).post(URL, application(), format="json")
    assert response.status_code == 401
    _nothing_written(eu)


BAD = [
    ({"vat_number": "NL123456789B01"}, "vat_number", "invalid_vat_number"),
    ({"vat_number": "DE136695976"}, "vat_number", "invalid_vat_number"),  # German number, Dutch firm
    ({"country": "DE", "vat_number": "DE136695975"}, "vat_number", "invalid_vat_number"),
    ({"country": "BE", "vat_number": "BE0403019262"}, "vat_number", "invalid_vat_number"),
    ({"country": "FR", "vat_number": "FR00303265045"}, "vat_number", "invalid_vat_number"),
    ({"payout": {"iban": "NL68INGB0006543210", "account_holder": "X"}}, "payout.iban", "invalid_iban"),
    ({"payout": {"iban": "NL67INGB00065432", "account_holder": "X"}}, "payout.iban", "invalid_iban"),
    ({"payout": {"account_holder": "X"}}, "payout.iban", "invalid_iban"),
    ({"payout": {"iban": RAW_IBAN}}, "payout.account_holder", "invalid_payout"),
    ({"payout": {"iban": RAW_IBAN, "account_holder": "X", "bic": "NOPE"}}, "payout.bic", "invalid_bic"),
    ({"payout": {"method": "paypal"}}, "payout.paypal_email", "invalid_payout"),
    ({"payout": {"method": "cheque"}}, "payout.method", "invalid_choice"),
    ({"country": "AE", "vat_number": "100123456700003"}, "country", "country_not_in_region"),
    ({"country": "XX"}, "country", "country_not_in_region"),
    ({"address": {"street": "Herengracht 1", "city": "Amsterdam"}}, "address.postal_code", "invalid_address"),
    ({"address": {"city": "Amsterdam", "postal_code": "1000"}}, "address.street", "required"),
    ({"address": "Herengracht 1, Amsterdam"}, "address.non_field_errors", "invalid"),
    ({"contact_phone": "12345"}, "contact_phone", "invalid_phone"),
    ({"contact_email": "not-an-email"}, "contact_email", "invalid"),
    ({"description": {"es": "Hola"}}, "description.es", "unknown_language"),
    ({"name": "x" * 10_000}, "name", "max_length"),
    ({"vat_number": "1" * 10_000}, "vat_number", "max_length"),
    ({"description": {"en": "x" * 10_000}}, "description.en", "max_length"),
    ({"payout": {"iban": "N" * 10_000, "account_holder": "X"}}, "payout.iban", "max_length"),
    ({"name": ["AudioTech"]}, "name", "invalid"),
    ({"name": None}, "name", "null"),
    ({"payout": 5}, "payout.non_field_errors", "invalid"),
    ({"country": 7}, "country", "min_length"),
    ({"description": ["en"]}, "description", "not_a_dict"),
]  # fmt: skip


@pytest.mark.parametrize(("overrides", "field", "code"), BAD)
def test_bad_input_is_a_400_with_field_codes_and_writes_nothing(api_for, eu, make_user,
                                                                overrides, field, code):  # fmt: skip
    response = api_for(eu, make_user(eu)).post(URL, application(**overrides), format="json")
    assert response.status_code == 400, response.content
    fields = response.json()["error"]["fields"]
    assert field in fields, fields
    assert fields[field][0]["code"] == code
    _nothing_written(eu)


@pytest.mark.parametrize("missing", ["name", "legal_form", "vat_number", "country", "address",
                                     "contact_email", "payout"])  # fmt: skip
def test_missing_fields_are_required(api_for, eu, make_user, missing):
    body = application()
    del body[missing]
    response = api_for(eu, make_user(eu)).post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"][missing][0]["code"] == "required"
    _nothing_written(eu)


def test_every_failing_field_is_reported_at_once(api_for, eu, make_user):
    body = application(vat_number="NL123", contact_phone="1",
                       payout={"iban": "NL00INGB0006543210", "account_holder": "X"})  # fmt: skip
    error = api_for(eu, make_user(eu)).post(URL, body, format="json").json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"vat_number", "contact_phone", "payout.iban"}
    _nothing_written(eu)


@pytest.mark.parametrize(("country", "vat", "iban", "ok"), [
    ("AE", "100123456700003", "AE070331234567890123456", True),
    ("AE", "AE 100-1234-5670-0003", "AE070331234567890123456", True),
    ("AE", "200123456700003", "AE070331234567890123456", False),
    ("AE", "10012345670000", "AE070331234567890123456", False),
    ("SA", "300012345600003", "SA0380000000608010167519", True),
    ("SA", "300012345600004", "SA0380000000608010167519", False),
    ("EG", "100-531-385", "EG380019000500000000263180002", True),
    ("EG", "10053138", "EG380019000500000000263180002", False),
])  # fmt: skip
def test_mena_tax_numbers(api_for, mena, make_user, country, vat, iban, ok):
    body = application(country=country, vat_number=vat,
                       address={"street": "Sheikh Zayed Road 1", "city": "Dubai"} if country == "AE"
                       else {"street": "King Fahd Road 1", "city": "Riyadh", "postal_code": "12211"},
                       contact_phone="+97143123456", description={"ar": "متجر"},
                       payout={"iban": iban, "account_holder": "Shop"})  # fmt: skip
    response = api_for(mena, make_user(mena)).post(URL, body, format="json")
    if ok:
        assert response.status_code == 201, response.json()
        assert response.json()["vat_number"] == vat.replace(" ", "").replace("-", "").removeprefix(
            "AE"
        )
    else:
        assert response.status_code == 400
        assert response.json()["error"]["fields"]["vat_number"][0]["code"] == "invalid_vat_number"
        _nothing_written(mena)


def test_iban_never_appears_unmasked_in_responses_or_logs(api_for, eu, make_user, staff, caplog,
                                                          run_on_commit):  # fmt: skip
    caplog.set_level(logging.DEBUG)
    applicant = make_user(eu, email="ana@example.test")
    client = api_for(eu, applicant)
    staff_client = api_for(eu, staff)
    texts = []
    with run_on_commit():
        texts.append(client.post(URL, application(), format="json").content)
        with use_tenant(eu):
            vendor_id = Vendor.objects.get().pk
        texts.append(client.get("/api/v1/vendor/profile/").content)
        texts.append(staff_client.get("/api/v1/staff/vendors/").content)
        texts.append(staff_client.get(f"/api/v1/staff/vendors/?iban={SPACED_IBAN}").content)
        texts.append(staff_client.get(f"/api/v1/staff/vendors/{vendor_id}/").content)
        texts.append(staff_client.post(f"/api/v1/staff/vendors/{vendor_id}/approve/").content)
        texts.append(client.patch("/api/v1/vendor/profile/",
                                  {"payout": {"iban": "NL68INGB0006543210", "account_holder": "X"}},
                                  format="json").content)  # fmt: skip
        texts.append(client.get("/api/v1/vendors/audiotech-bv/").content)
    texts.extend(message.body.encode() for message in mail.outbox)
    assert b"3210" in texts[1]  # the masked form is there ...
    everything = b"\n".join(texts) + caplog.text.encode()
    for form in (RAW_IBAN, SPACED_IBAN, "INGB0006543210", "NL68INGB0006543210"):
        assert form.encode() not in everything  # ... the full number never
    public = texts[-1].decode()
    assert "iban" not in public and "vat" not in public and "contact" not in public
