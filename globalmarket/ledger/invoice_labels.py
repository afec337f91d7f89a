"""Printed labels of invoices in every region language.

Invoices are legal documents rendered outside any request (tasks, downloads by another
party), in the buyer's language, so their few labels live here with the document rather
than depending on the UI catalogues being complete.
"""

LABELS: dict[str, dict[str, str]] = {
    "en": {"vat_invoice": "Invoice", "commission_invoice": "Commission invoice", "number": "Invoice number",
           "date": "Invoice date", "order": "Order", "seller": "Seller", "buyer": "Buyer",
           "vat_number": "VAT number", "description": "Description", "quantity": "Qty",
           "unit_price": "Unit price", "vat_rate": "VAT", "net": "Net", "vat": "VAT amount",
           "total": "Total", "vat_breakdown": "VAT breakdown", "rate": "Rate",
           "net_total": "Total excl. VAT", "vat_total": "Total VAT", "grand_total": "Total incl. VAT",
           "period": "Period", "payout": "Payout", "shipping": "Shipping",
           "reverse_charge": "VAT reverse charged to the recipient (Art. 196 Directive 2006/112/EC).",
           "marketplace": "Sold via GlobalMarket"},
    "nl": {"vat_invoice": "Factuur", "commission_invoice": "Commissiefactuur", "number": "Factuurnummer",
           "date": "Factuurdatum", "order": "Bestelling", "seller": "Verkoper", "buyer": "Koper",
           "vat_number": "Btw-nummer", "description": "Omschrijving", "quantity": "Aantal",
           "unit_price": "Stukprijs", "vat_rate": "Btw", "net": "Netto", "vat": "Btw-bedrag",
           "total": "Totaal", "vat_breakdown": "Btw-specificatie", "rate": "Tarief",
           "net_total": "Totaal excl. btw", "vat_total": "Totaal btw", "grand_total": "Totaal incl. btw",
           "period": "Periode", "payout": "Uitbetaling", "shipping": "Verzending",
           "reverse_charge": "Btw verlegd naar de afnemer (art. 196 Richtlijn 2006/112/EG).",
           "marketplace": "Verkocht via GlobalMarket"},
    "de": {"vat_invoice": "Rechnung", "commission_invoice": "Provisionsrechnung", "number": "Rechnungsnummer",
           "date": "Rechnungsdatum", "order": "Bestellung", "seller": "Verkäufer", "buyer": "Käufer",
           "vat_number": "USt-IdNr.", "description": "Beschreibung", "quantity": "Menge",
           "unit_price": "Einzelpreis", "vat_rate": "USt.", "net": "Netto", "vat": "USt.-Betrag",
           "total": "Gesamt", "vat_breakdown": "USt.-Aufstellung", "rate": "Satz",
           "net_total": "Summe netto", "vat_total": "Summe USt.", "grand_total": "Gesamt brutto",
           "period": "Zeitraum", "payout": "Auszahlung", "shipping": "Versand",
           "reverse_charge": "Steuerschuldnerschaft des Leistungsempfängers (Art. 196 MwSt-Richtlinie).",
           "marketplace": "Verkauft über GlobalMarket"},
    "fr": {"vat_invoice": "Facture", "commission_invoice": "Facture de commission", "number": "Numéro de facture",
           "date": "Date de facture", "order": "Commande", "seller": "Vendeur", "buyer": "Acheteur",
           "vat_number": "N° de TVA", "description": "Description", "quantity": "Qté",
           "unit_price": "Prix unitaire", "vat_rate": "TVA", "net": "HT", "vat": "Montant TVA",
           "total": "TTC", "vat_breakdown": "Détail de la TVA", "rate": "Taux",
           "net_total": "Total HT", "vat_total": "Total TVA", "grand_total": "Total TTC",
           "period": "Période", "payout": "Versement", "shipping": "Livraison",
           "reverse_charge": "Autoliquidation de la TVA par le preneur (art. 196 directive 2006/112/CE).",
           "marketplace": "Vendu via GlobalMarket"},
    "ar": {"vat_invoice": "فاتورة ضريبية", "commission_invoice": "فاتورة العمولة", "number": "رقم الفاتورة",
           "date": "تاريخ الفاتورة", "order": "الطلب", "seller": "البائع", "buyer": "المشتري",
           "vat_number": "الرقم الضريبي", "description": "الوصف", "quantity": "الكمية",
           "unit_price": "سعر الوحدة", "vat_rate": "الضريبة", "net": "الصافي", "vat": "مبلغ الضريبة",
           "total": "الإجمالي", "vat_breakdown": "تفاصيل ضريبة القيمة المضافة", "rate": "النسبة",
           "net_total": "الإجمالي بدون الضريبة", "vat_total": "إجمالي الضريبة",
           "grand_total": "الإجمالي شامل الضريبة", "period": "الفترة", "payout": "الدفعة",
           "shipping": "الشحن", "reverse_charge": "تطبق آلية الاحتساب العكسي للضريبة على المستلم.",
           "marketplace": "تم البيع عبر غلوبال ماركت"},
}  # fmt: skip


def labels(language: str) -> dict[str, str]:
    return {**LABELS["en"], **LABELS.get(language, {})}
