import shutil
import subprocess
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

from globalmarket.ledger.invoices import (
    PdfUnavailable,
    invoice_html,
    invoice_issue_for_payout,
    invoice_issue_for_vendor_order,
    invoice_pdf,
)
from globalmarket.ledger.models import Invoice, InvoiceSequence
from globalmarket.tenancy.db import atomic
from globalmarket.vendors.tests.factories import VendorFactory

from .orders import make_order

pytestmark = pytest.mark.django_db


def _pdf_or_skip(invoice: Invoice) -> bytes:
    try:
        return invoice_pdf(invoice)
    except PdfUnavailable as exc:
        pytest.skip(f"WeasyPrint system libraries missing: {exc}")


def test_vat_invoice_contents(in_eu: Any) -> None:
    vendor = VendorFactory(name="Fietsen", legal_form="B.V.", vat_number="NL123456789B01")
    vo = make_order(vendor, [("Bike bell", "12.10", 2, "0.21"), ("Book", "10.90", 1, "0.09")],
                    shipping="4.95")  # fmt: skip
    invoice = invoice_issue_for_vendor_order(vendor_order=vo)
    assert invoice.number == f"EU-{vendor.pk}-{invoice.year}-000001"
    assert invoice.seller["vat_number"] == "NL123456789B01"
    assert invoice.buyer["name"] == "Jan Jansen"
    assert [(line["description"], line["net"], line["vat"]) for line in invoice.lines] == [
        ("Bike bell", "20.00", "4.20"), ("Book", "10.00", "0.90"), ("Shipping", "4.09", "0.86")]  # fmt: skip
    assert invoice.vat_breakdown == [{"rate": "0.0900", "net": "10.00", "vat": "0.90"},
                                     {"rate": "0.2100", "net": "24.09", "vat": "5.06"}]  # fmt: skip
    assert (invoice.net_total, invoice.vat_total, invoice.total) == (
        D("34.09"),
        D("5.96"),
        D("40.05"),
    )
    assert invoice.total == vo.total
    assert invoice_issue_for_vendor_order(vendor_order=vo) == invoice  # once


def test_numbers_are_gap_free_per_vendor_and_year(in_eu: Any) -> None:
    a, b = VendorFactory(), VendorFactory()
    for vendor in (a, b, a, a, b):
        invoice_issue_for_vendor_order(vendor_order=make_order(vendor, [("x", "1.21", 1, "0.21")]))
    broken = make_order(a, [("x", "1.21", 1, "0.21")])
    with pytest.raises(RuntimeError), atomic():
        invoice_issue_for_vendor_order(vendor_order=broken)
        raise RuntimeError("the surrounding transaction failed")
    invoice_issue_for_vendor_order(vendor_order=make_order(a, [("x", "1.21", 1, "0.21")]))
    for vendor, expected in ((a, [1, 2, 3, 4]), (b, [1, 2])):
        numbers = list(
            Invoice.objects.filter(vendor=vendor)
            .order_by("sequence")
            .values_list("sequence", flat=True)
        )
        assert numbers == expected
    assert InvoiceSequence.objects.get(series=f"vendor:{a.pk}").last_value == 4


def test_pdf_renders(in_eu: Any) -> None:
    vo = make_order(VendorFactory(), [("Lamp", "24.20", 1, "0.21")], language="nl")
    invoice = invoice_issue_for_vendor_order(vendor_order=vo)
    assert "Factuur" in invoice_html(invoice) and "Btw-specificatie" in invoice_html(invoice)
    pdf = _pdf_or_skip(invoice)
    assert pdf.startswith(b"%PDF-") and len(pdf) > 2000


def test_arabic_invoice_is_rtl_and_renders(in_mena: Any, tmp_path: Path) -> None:
    vendor = VendorFactory(
        name="متجر النور", country="AE", address={"city": "دبي", "country": "AE"}
    )
    vo = make_order(vendor, [("مصباح مكتب", "105.00", 2, "0.05")], language="ar", currency="AED",
                    address={"name": "أحمد علي", "city": "أبوظبي", "country": "AE"})  # fmt: skip
    invoice = invoice_issue_for_vendor_order(vendor_order=vo)
    html = invoice_html(invoice)
    assert 'dir="rtl"' in html and "فاتورة ضريبية" in html and "مصباح مكتب" in html
    pdf = _pdf_or_skip(invoice)
    assert pdf.startswith(b"%PDF-")
    if shutil.which("pdftoppm"):
        (tmp_path / "ar.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(tmp_path / "ar.pdf"),
                        str(tmp_path / "ar")], check=True)  # fmt: skip
        assert (tmp_path / "ar.png").stat().st_size > 5000


def test_commission_invoice_per_payout(in_eu: Any) -> None:
    from datetime import date

    from globalmarket.ledger.models import Payout

    vendor = VendorFactory(vat_number="DE123456789")
    payout = Payout.objects.create(
        vendor=vendor, payout_number="EU-PO-1", period_start=date(2026, 11, 16),
        period_end=date(2026, 11, 22), total_sales=D("200.00"), commission_rate=D("0.1000"),
        commission_amount=D("20.00"), payout_amount=D("180.00"), currency="EUR",
        payment_method="bank_transfer",
    )  # fmt: skip
    invoice = invoice_issue_for_payout(payout=payout)
    assert invoice.number.startswith(f"EU-COM-{invoice.year}-") and invoice.sequence == 1
    assert invoice.total == D("20.00") and invoice.buyer["vat_number"] == "DE123456789"
    assert "reverse charge" in " ".join(invoice.notes).lower()
    assert invoice_issue_for_payout(payout=payout) == invoice


def test_invoice_downloads_are_only_for_those_allowed(
    eu: Any, mena: Any, api_for: Any, make_user: Any
) -> None:
    from globalmarket.tenancy.context import use_tenant
    from globalmarket.vendors.tests.factories import VendorMemberFactory

    buyer = make_user(eu, email="buyer@example.test")
    other_buyer = make_user(eu, email="other@example.test")
    owner_a, owner_b = make_user(eu, email="a@example.test"), make_user(eu, email="b@example.test")
    finance = make_user(eu, email="fin@example.test", staff_role="finance")
    mena_finance = make_user(mena, email="fin@mena.test", staff_role="finance")
    with use_tenant(eu):
        a, b = VendorFactory(), VendorFactory()
        VendorMemberFactory(vendor=a, user=owner_a)
        VendorMemberFactory(vendor=b, user=owner_b)
        invoice = invoice_issue_for_vendor_order(
            vendor_order=make_order(a, [("Lamp", "24.20", 1, "0.21")], customer=buyer)
        )
    allowed = [
        (api_for(eu, owner_a), f"/api/v1/vendor/finance/invoices/{invoice.pk}/pdf/"),
        (api_for(eu, finance), f"/api/v1/staff/finance/invoices/{invoice.pk}/pdf/"),
        (api_for(eu, buyer), f"/api/v1/me/invoices/{invoice.pk}/pdf/"),
    ]
    denied = [
        (api_for(eu, owner_b), f"/api/v1/vendor/finance/invoices/{invoice.pk}/pdf/"),
        (api_for(mena, mena_finance), f"/api/v1/staff/finance/invoices/{invoice.pk}/pdf/"),
        (api_for(eu, other_buyer), f"/api/v1/me/invoices/{invoice.pk}/pdf/"),
    ]
    for client, url in denied:
        response = client.get(url)
        assert response.status_code == 404, url
    try:
        from weasyprint import HTML  # noqa: F401
    except (ImportError, OSError) as exc:
        pytest.skip(f"WeasyPrint system libraries missing: {exc}")
    for client, url in allowed:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:200])
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(
            b"%PDF-"
        )
    listed = api_for(eu, owner_b).get("/api/v1/vendor/finance/invoices/").json()
    assert listed["count"] == 0
    assert (
        api_for(eu, owner_a).get("/api/v1/vendor/finance/invoices/").json()["results"][0]["number"]
        == invoice.number
    )
