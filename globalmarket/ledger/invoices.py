"""Invoices: a VAT invoice per vendor order, a commission invoice per payout, as PDF.

Numbers are sequential per series and year with no gaps: the series' counter row is
locked (select_for_update) and incremented in the same transaction that creates the
invoice, so a failed issue rolls the number back too. Issuing is idempotent (one invoice
per vendor order / payout, unique constraints).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from babel.numbers import format_currency, format_decimal, format_percent
from django.db import IntegrityError
from django.template.loader import render_to_string
from django.utils import timezone

from globalmarket.core.money import quantize, vat_from_gross
from globalmarket.tenancy.context import require_tenant
from globalmarket.tenancy.db import atomic

from .invoice_labels import labels
from .models import Invoice, InvoiceSequence, Payout

ZERO = Decimal(0)


def next_number(series: str, year: int) -> int:
    """The next number of a series and year; call inside the transaction that uses it."""
    for _ in range(2):
        counter = (
            InvoiceSequence.objects.select_for_update().filter(series=series, year=year).first()
        )
        if counter is not None:
            counter.last_value += 1
            counter.save(update_fields=["last_value"])
            return counter.last_value
        try:
            with atomic():
                InvoiceSequence.objects.create(series=series, year=year, last_value=1)
            return 1
        except IntegrityError:
            continue  # created concurrently: lock it and increment
    raise RuntimeError("invoice sequence contention")


def _party(vendor: Any) -> dict[str, Any]:
    name = f"{vendor.name} {vendor.legal_form}".strip()
    return {"name": name, "address": vendor.address or {}, "vat_number": vendor.vat_number,
            "country": vendor.country, "email": vendor.contact_email}  # fmt: skip


def _breakdown(lines: list[dict[str, Any]], currency: str) -> list[dict[str, str]]:
    by_rate: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for line in lines:
        by_rate[line["vat_rate"]][0] += Decimal(line["net"])
        by_rate[line["vat_rate"]][1] += Decimal(line["vat"])
    return [{"rate": rate, "net": str(quantize(net, currency)), "vat": str(quantize(vat, currency))}
            for rate, (net, vat) in sorted(by_rate.items())]  # fmt: skip


def _shipping_rate(gross: Decimal, vat: Decimal, rates: set[Decimal], currency: str) -> Decimal:
    """The lines' VAT rate that gives exactly this shipping VAT (shipping follows the goods)."""
    for rate in sorted(rates, reverse=True):
        if vat_from_gross(gross, rate, currency) == vat:
            return rate
    return (vat / (gross - vat)).quantize(Decimal("0.0001")) if gross > vat else ZERO


def invoice_issue_for_vendor_order(*, vendor_order: Any) -> Invoice:
    """The VAT invoice of a vendor order (seller: the vendor), issued once."""
    existing = Invoice.objects.filter(vendor_order=vendor_order).first()
    if existing is not None:
        return existing
    order = vendor_order.order
    vendor = vendor_order.vendor
    cur = vendor_order.currency
    language = order.language or require_tenant().default_language
    lines = []
    for line in vendor_order.lines.all():
        name = (line.product_name_i18n or {}).get(language) or line.product_name
        if line.variant_label:
            name = f"{name} ({line.variant_label})"
        lines.append({"description": name, "sku": line.sku, "quantity": line.quantity,
                      "unit_price": str(quantize(line.unit_price, cur)), "vat_rate": str(line.vat_rate),
                      "net": str(quantize(line.line_net, cur)), "vat": str(quantize(line.vat_amount, cur)),
                      "total": str(quantize(line.line_total, cur))})  # fmt: skip
    lines_total = sum((Decimal(line["total"]) for line in lines), ZERO)
    shipping = quantize(vendor_order.total - lines_total, cur)
    if shipping > 0:
        # Shipping carries the VAT the vendor order has beyond its lines' VAT.
        shipping_vat = quantize(
            vendor_order.tax - sum((Decimal(x["vat"]) for x in lines), ZERO), cur
        )
        rate = _shipping_rate(shipping, shipping_vat, {Decimal(x["vat_rate"]) for x in lines}, cur)
        lines.append({"description": labels(language)["shipping"], "sku": "", "quantity": 1,
                      "unit_price": str(shipping - shipping_vat), "vat_rate": str(rate),
                      "net": str(shipping - shipping_vat), "vat": str(shipping_vat), "total": str(shipping)})  # fmt: skip
    address = order.billing_address or order.shipping_address or {}
    buyer = {"name": address.get("name") or address.get("full_name") or order.customer_email,
             "address": address, "vat_number": address.get("vat_number", ""),
             "country": address.get("country", ""), "email": order.customer_email}  # fmt: skip
    breakdown = _breakdown(lines, cur)
    vat_total = sum((Decimal(r["vat"]) for r in breakdown), ZERO)
    net_total = sum((Decimal(r["net"]) for r in breakdown), ZERO)
    now = timezone.now()
    series = f"vendor:{vendor.pk}"
    try:
        with atomic():
            sequence = next_number(series, now.year)
            return Invoice.objects.create(
                kind=Invoice.Kind.VAT, vendor=vendor, vendor_order=vendor_order,
                customer_id=order.customer_id, series=series, year=now.year, sequence=sequence,
                number=f"{require_tenant().code}-{vendor.pk}-{now.year}-{sequence:06d}",
                language=language, currency=cur, seller=_party(vendor), buyer=buyer, lines=lines,
                vat_breakdown=breakdown, net_total=net_total, vat_total=vat_total,
                total=net_total + vat_total, issued_at=now,
                notes=[labels(language)["marketplace"], f"{labels(language)['order']} {vendor_order.number}"],
            )  # fmt: skip
    except IntegrityError:  # issued concurrently
        return Invoice.objects.get(vendor_order=vendor_order)


def invoice_issue_for_payout(*, payout: Payout) -> Invoice:
    """The platform's commission invoice to the vendor for a payout's period, issued once."""
    existing = Invoice.objects.filter(payout=payout).first()
    if existing is not None:
        return existing
    tenant = require_tenant()
    vendor = payout.vendor
    cur = payout.currency
    language = "en" if tenant.default_language not in ("ar",) else tenant.default_language
    commission = quantize(payout.commission_amount, cur)
    reverse_charge = bool(vendor.vat_number)
    line = {"description": f"{labels(language)['commission_invoice']} {payout.period_start} - "
                           f"{payout.period_end}", "sku": "", "quantity": 1, "unit_price": str(commission),
            "vat_rate": "0.0000", "net": str(commission), "vat": "0.00", "total": str(commission)}  # fmt: skip
    from django.conf import settings

    platform: dict[str, Any] = {"name": settings.LEDGER_SEPA_DEBTOR["name"], "address": {},
                "vat_number": getattr(settings, "LEDGER_PLATFORM_VAT_NUMBER", ""), "country": "",
                "email": ""}  # fmt: skip
    now = timezone.now()
    series = "platform:commission"
    try:
        with atomic():
            sequence = next_number(series, now.year)
            return Invoice.objects.create(
                kind=Invoice.Kind.COMMISSION, vendor=vendor, payout=payout, series=series,
                year=now.year, sequence=sequence,
                number=f"{tenant.code}-COM-{now.year}-{sequence:06d}", language=language,
                currency=cur, seller=platform, buyer=_party(vendor), lines=[line],
                vat_breakdown=_breakdown([line], cur), net_total=commission, vat_total=ZERO,
                total=commission, issued_at=now,
                notes=([labels(language)["reverse_charge"]] if reverse_charge else [])
                + [f"{labels(language)['payout']} {payout.payout_number}"],
            )  # fmt: skip
    except IntegrityError:
        return Invoice.objects.get(payout=payout)


def _lines_of(party: dict[str, Any]) -> list[str]:
    address = party.get("address") or {}
    parts = [party.get("name", ""), address.get("street", ""),
             " ".join(p for p in (address.get("postal_code", ""), address.get("city", "")) if p),
             address.get("country", "")]  # fmt: skip
    return [p for p in parts if p]


def invoice_html(invoice: Invoice) -> str:
    lang = invoice.language
    locale = {"ar": "ar_AE", "en": "en_GB"}.get(lang, lang)
    cur = invoice.currency

    def money(value: str | Decimal) -> str:
        return format_currency(Decimal(value), cur, locale=locale)

    def rate(value: str) -> str:
        return format_percent(Decimal(value), locale=locale, format="#,##0.##%")

    L = labels(lang)
    lines = [{**line, "unit_price": money(line["unit_price"]), "net": money(line["net"]),
              "vat": money(line["vat"]), "total": money(line["total"]), "vat_rate": rate(line["vat_rate"]),
              "quantity": format_decimal(line["quantity"], locale=locale)}
             for line in invoice.lines]  # fmt: skip
    breakdown = [{"rate": rate(r["rate"]), "net": money(r["net"]), "vat": money(r["vat"])}
                 for r in invoice.vat_breakdown]  # fmt: skip
    reference = None
    if invoice.vendor_order is not None:
        reference = (L["order"], invoice.vendor_order.number)
    context = {
        "invoice": invoice, "L": L, "dir": "rtl" if invoice.is_rtl else "ltr",
        "title": L["vat_invoice"] if invoice.kind == Invoice.Kind.VAT else L["commission_invoice"],
        "issued": invoice.issued_at.date().isoformat(), "lines": lines, "breakdown": breakdown,
        "net_total": money(invoice.net_total), "vat_total": money(invoice.vat_total),
        "total": money(invoice.total), "seller_lines": _lines_of(invoice.seller),
        "buyer_lines": _lines_of(invoice.buyer), "notes": invoice.notes[:-1] if reference else invoice.notes,
        "reference": reference,
    }  # fmt: skip
    return render_to_string("ledger/invoice.html", context)


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries (Pango) are not installed."""


def invoice_pdf(invoice: Invoice) -> bytes:
    """Render the invoice to PDF with WeasyPrint (needs Pango; fonts-noto-core for Arabic)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(str(exc)) from exc
    return bytes(HTML(string=invoice_html(invoice)).write_pdf())
