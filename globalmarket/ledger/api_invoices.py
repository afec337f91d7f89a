"""Invoice lists and PDF downloads for vendors, staff and the buyer (404 when not theirs)."""

from typing import Any

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from globalmarket.accounts.permissions import StaffPermission
from globalmarket.accounts.roles import Perm
from globalmarket.core.errors import ApplicationError, NotFound
from globalmarket.vendors.access import vendor_for_request

from .errors import LedgerError
from .invoices import PdfUnavailable, invoice_pdf
from .models import Invoice

PDF = {(200, "application/pdf"): OpenApiResponse(description="The invoice as PDF")}


class InvoiceOutput(serializers.ModelSerializer):
    kind = serializers.CharField(help_text="vat or commission")

    class Meta:
        model = Invoice
        fields = ["id", "kind", "number", "vendor_id", "vendor_order_id", "payout_id", "language",
                  "currency", "net_total", "vat_total", "total", "issued_at"]  # fmt: skip


class InvoiceFilter(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Invoice.Kind.choices, required=False)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2999)


def _filtered(request: Request, invoices: Any) -> Any:
    params = InvoiceFilter(data=request.query_params)
    params.is_valid(raise_exception=True)
    return invoices.filter(**params.validated_data).order_by("-issued_at", "-id")


def _pdf(invoice: Invoice | None) -> HttpResponse:
    if invoice is None:
        raise NotFound("Invoice not found.", code=LedgerError.INVOICE_NOT_FOUND)
    try:
        body = invoice_pdf(invoice)
    except PdfUnavailable as exc:
        raise ApplicationError(LedgerError.INVOICE_PDF_UNAVAILABLE, "PDF rendering is not available.",
                               status=503) from exc  # fmt: skip
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{invoice.number}.pdf"'
    return response


def _vendor(request: Request) -> Any:
    return vendor_for_request(request, Perm.VENDOR_FINANCE)


class VendorInvoiceListApi(GenericAPIView):
    """The vendor's VAT invoices (it is the seller) and commission invoices (it is billed)."""

    permission_classes = [IsAuthenticated]
    serializer_class = InvoiceOutput

    @extend_schema(
        parameters=[InvoiceFilter], responses=InvoiceOutput(many=True), tags=["vendor finance"]
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(
            _filtered(request, Invoice.objects.filter(vendor=_vendor(request)))
        )
        return self.get_paginated_response(InvoiceOutput(page, many=True).data)


class VendorInvoicePdfApi(GenericAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=PDF, tags=["vendor finance"])
    def get(self, request: Request, invoice_id: int) -> HttpResponse:
        return _pdf(Invoice.objects.filter(pk=invoice_id, vendor=_vendor(request)).first())


class StaffInvoiceListApi(GenericAPIView):
    permission_classes = [StaffPermission.of(Perm.FINANCE_VIEW)]
    serializer_class = InvoiceOutput

    @extend_schema(
        parameters=[InvoiceFilter], responses=InvoiceOutput(many=True), tags=["staff finance"]
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(_filtered(request, Invoice.objects.all()))
        return self.get_paginated_response(InvoiceOutput(page, many=True).data)


class StaffInvoicePdfApi(GenericAPIView):
    permission_classes = [StaffPermission.of(Perm.FINANCE_VIEW)]

    @extend_schema(responses=PDF, tags=["staff finance"])
    def get(self, request: Request, invoice_id: int) -> HttpResponse:
        return _pdf(Invoice.objects.filter(pk=invoice_id).first())


class MyInvoicePdfApi(GenericAPIView):
    """The buyer's VAT invoice of one of their own orders."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=PDF, tags=["orders"])
    def get(self, request: Request, invoice_id: int) -> HttpResponse:
        return _pdf(Invoice.objects.filter(pk=invoice_id, kind=Invoice.Kind.VAT,
                                           customer_id=request.user.pk).first())  # fmt: skip
