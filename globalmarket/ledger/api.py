"""Finance APIs: vendor statement and payouts (/vendor/finance/), staff finance (/staff/finance/)."""

import csv
import io
from datetime import date, datetime, time, timedelta
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from globalmarket.accounts.permissions import StaffPermission
from globalmarket.accounts.roles import Perm
from globalmarket.core.idempotency import idempotent
from globalmarket.core.money import quantize
from globalmarket.core.schema import component_names
from globalmarket.tenancy.context import require_tenant
from globalmarket.vendors.access import vendor_for_request

from . import payouts as payout_services
from . import reports, selectors
from .access import payout_for_staff, payout_for_vendor
from .models import LedgerTransaction, Payout, PayoutBatch


def _money(value: Any, currency: str) -> str:
    return str(quantize(value, currency))


def _vendor(request: Request) -> Any:
    return vendor_for_request(request, Perm.VENDOR_FINANCE)


class PeriodFilter(serializers.Serializer):
    since = serializers.DateField(required=False, help_text="First day, inclusive")
    until = serializers.DateField(required=False, help_text="Last day, inclusive")
    currency = serializers.RegexField(r"^[A-Z]{3}$", required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("since") and attrs.get("until") and attrs["since"] > attrs["until"]:
            raise serializers.ValidationError(
                {"until": ["Must not be before since."]}, code="invalid"
            )
        return attrs


def _period(request: Request) -> dict[str, Any]:
    params = PeriodFilter(data=request.query_params)
    params.is_valid(raise_exception=True)
    data = params.validated_data
    tz = timezone.get_current_timezone()

    def start(day: date) -> datetime:
        return timezone.make_aware(datetime.combine(day, time.min), tz)

    return {
        "since": start(data["since"]) if data.get("since") else None,
        "until": start(data["until"] + timedelta(days=1)) - timedelta(microseconds=1)
        if data.get("until") else None,
        "currency": data.get("currency") or require_tenant().default_currency,
    }  # fmt: skip


class StatementOutput(serializers.Serializer):
    vendor_id = serializers.IntegerField()
    currency = serializers.CharField()
    since = serializers.DateTimeField(allow_null=True)
    until = serializers.DateTimeField(allow_null=True)
    opening_balance = serializers.CharField()
    closing_balance = serializers.CharField()
    sales = serializers.CharField()
    commission = serializers.CharField()
    vat_withheld = serializers.CharField()
    cash_collected = serializers.CharField()
    movements = serializers.DictField(child=serializers.CharField())


def _statement_data(statement: reports.Statement) -> dict[str, Any]:
    cur = statement.currency
    data = {k: getattr(statement, k) for k in ("vendor_id", "currency", "since", "until")}
    for name in ("opening_balance", "closing_balance", "sales", "commission", "vat_withheld",
                 "cash_collected"):  # fmt: skip
        data[name] = _money(getattr(statement, name), cur)
    data["movements"] = {k: _money(v, cur) for k, v in statement.movements.items()}
    return StatementOutput(data).data


class VendorStatementApi(GenericAPIView):
    """The vendor's balance and what moved it in a period."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[PeriodFilter], responses=StatementOutput, tags=["vendor finance"])
    def get(self, request: Request) -> Response:
        vendor = _vendor(request)
        return Response(
            _statement_data(reports.vendor_statement(vendor_id=vendor.pk, **_period(request)))
        )


STATEMENT_COLUMNS = ["date", "kind", "reference_type", "reference_id", "description", "amount",
                     "balance", "currency"]  # fmt: skip


class VendorStatementExportApi(GenericAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[PeriodFilter], tags=["vendor finance"],
                   responses={(200, "text/csv"): OpenApiResponse(description="Statement lines")})  # fmt: skip
    def get(self, request: Request) -> HttpResponse:
        vendor = _vendor(request)
        lines = reports.vendor_statement_lines(vendor_id=vendor.pk, **_period(request))
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=STATEMENT_COLUMNS)
        writer.writeheader()
        for line in lines:
            writer.writerow({**line, "date": line["date"].isoformat()})  # type: ignore[attr-defined]
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="statement-{vendor.slug}.csv"'
        return response


class FinancePayoutOutput(serializers.ModelSerializer):
    payment_method = serializers.CharField(help_text="bank_transfer or paypal")
    status = serializers.CharField(
        help_text="pending, processing, paid, failed, returned, unresolved"
    )
    total_sales = serializers.SerializerMethodField()
    commission_amount = serializers.SerializerMethodField()
    payout_amount = serializers.SerializerMethodField()

    class Meta:
        model = Payout
        fields = ["id", "payout_number", "vendor_id", "period_start", "period_end", "total_sales",
                  "commission_rate", "commission_amount", "payout_amount", "currency",
                  "payment_method", "bank_account", "paypal_email", "status", "approved_at",
                  "batch_id", "paid_at", "failed_at", "failure_reason", "created_at"]  # fmt: skip

    def get_total_sales(self, payout: Payout) -> str:
        return _money(payout.total_sales, payout.currency)

    def get_commission_amount(self, payout: Payout) -> str:
        return _money(payout.commission_amount, payout.currency)

    def get_payout_amount(self, payout: Payout) -> str:
        return _money(payout.payout_amount, payout.currency)


class VendorPayoutListApi(GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = FinancePayoutOutput

    @extend_schema(responses=FinancePayoutOutput(many=True), tags=["vendor finance"])
    def get(self, request: Request) -> Response:
        vendor = _vendor(request)
        page = self.paginate_queryset(
            Payout.objects.filter(vendor=vendor).order_by("-created_at", "-id")
        )
        return self.get_paginated_response(FinancePayoutOutput(page, many=True).data)


class VendorPayoutDetailApi(GenericAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=FinancePayoutOutput, tags=["vendor finance"])
    def get(self, request: Request, payout_id: int) -> Response:
        return Response(
            FinancePayoutOutput(
                payout_for_vendor(vendor=_vendor(request), payout_id=payout_id)
            ).data
        )


class EntryOutput(serializers.Serializer):
    account = serializers.CharField(source="account.code")
    amount = serializers.SerializerMethodField()
    currency = serializers.CharField()

    def get_amount(self, entry: Any) -> str:
        return _money(entry.amount, entry.currency)


class TransactionOutput(serializers.ModelSerializer):
    """The seed's financial_transactions, read from the ledger."""

    transaction_type = serializers.CharField(source="kind")
    entries = EntryOutput(many=True)

    class Meta:
        model = LedgerTransaction
        fields = ["id", "transaction_type", "reference_type", "reference_id", "vendor_id",
                  "description", "metadata", "occurred_at", "entries"]  # fmt: skip


class TransactionFilter(serializers.Serializer):
    kind = serializers.ChoiceField(choices=LedgerTransaction.Kind.choices, required=False)
    reference_type = serializers.CharField(required=False, max_length=40)
    reference_id = serializers.CharField(required=False, max_length=64)
    vendor_id = serializers.IntegerField(required=False, min_value=1)


def _transactions(request: Request, **forced: Any) -> Any:
    params = TransactionFilter(data=request.query_params)
    params.is_valid(raise_exception=True)
    period = _period(request)
    return selectors.transactions_list(**{**params.validated_data, **forced},
                                       since=period["since"], until=period["until"])  # fmt: skip


class VendorTransactionListApi(GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = TransactionOutput

    @extend_schema(parameters=[TransactionFilter, PeriodFilter], responses=TransactionOutput(many=True),
                   tags=["vendor finance"])  # fmt: skip
    def get(self, request: Request) -> Response:
        vendor = _vendor(request)
        page = self.paginate_queryset(_transactions(request, vendor_id=vendor.pk))
        return self.get_paginated_response(TransactionOutput(page, many=True).data)


# --- Staff ---------------------------------------------------------------------------------
class StaffTransactionListApi(GenericAPIView):
    permission_classes = [StaffPermission.of(Perm.FINANCE_VIEW)]
    serializer_class = TransactionOutput

    @extend_schema(parameters=[TransactionFilter, PeriodFilter], responses=TransactionOutput(many=True),
                   tags=["staff finance"])  # fmt: skip
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(_transactions(request))
        return self.get_paginated_response(TransactionOutput(page, many=True).data)


class SummaryOutput(serializers.Serializer):
    currency = serializers.CharField()
    gmv = serializers.CharField()
    payments_captured = serializers.CharField()
    commission = serializers.CharField()
    refunds = serializers.CharField()
    vat_by_country = serializers.DictField(child=serializers.CharField())
    payouts_due = serializers.CharField()
    payouts_paid = serializers.CharField()


class StaffFinanceSummaryApi(GenericAPIView):
    permission_classes = [StaffPermission.of(Perm.FINANCE_VIEW)]

    @extend_schema(
        parameters=[PeriodFilter], responses=SummaryOutput(many=True), tags=["staff finance"]
    )
    def get(self, request: Request) -> Response:
        period = _period(request)
        rows = reports.finance_summary(since=period["since"], until=period["until"])
        data = []
        for row in rows:
            cur = row.currency
            item: dict[str, Any] = {"currency": cur, "vat_by_country": {
                k: _money(v, cur) for k, v in row.vat_by_country.items()}}  # fmt: skip
            for name in ("gmv", "payments_captured", "commission", "refunds", "payouts_due",
                         "payouts_paid"):  # fmt: skip
                item[name] = _money(getattr(row, name), cur)
            data.append(item)
        return Response({"since": period["since"], "until": period["until"],
                         "currencies": SummaryOutput(data, many=True).data})  # fmt: skip


class StaffBalanceListApi(GenericAPIView):
    permission_classes = [StaffPermission.of(Perm.FINANCE_VIEW)]

    @extend_schema(responses=inline_serializer("AccountBalance", {
        "account": serializers.CharField(), "currency": serializers.CharField(),
        "balance": serializers.CharField()}, many=True), tags=["staff finance"])  # fmt: skip
    def get(self, request: Request) -> Response:
        return Response([{"account": code, "currency": cur, "balance": _money(total, cur)}
                         for (code, cur), total in selectors.account_balances().items()])  # fmt: skip


class PayoutFilter(serializers.Serializer):
    status = serializers.ChoiceField(choices=Payout.Status.choices, required=False)
    vendor_id = serializers.IntegerField(required=False, min_value=1)


class StaffPayoutListApi(GenericAPIView):
    permission_classes = [StaffPermission.of(Perm.FINANCE_VIEW)]
    serializer_class = FinancePayoutOutput

    @extend_schema(
        parameters=[PayoutFilter], responses=FinancePayoutOutput(many=True), tags=["staff finance"]
    )
    def get(self, request: Request) -> Response:
        params = PayoutFilter(data=request.query_params)
        params.is_valid(raise_exception=True)
        page = self.paginate_queryset(
            Payout.objects.filter(**params.validated_data).order_by("-created_at", "-id")
        )
        return self.get_paginated_response(FinancePayoutOutput(page, many=True).data)


class StaffPayoutApproveApi(GenericAPIView):
    permission_classes = [StaffPermission.of(Perm.PAYOUT_APPROVE)]

    @extend_schema(request=None, responses=FinancePayoutOutput, tags=["staff finance"])
    def post(self, request: Request, payout_id: int) -> Response:
        payout = payout_for_staff(payout_id=payout_id)
        return Response(
            FinancePayoutOutput(
                payout_services.payout_approve(payout_id=payout.pk, actor=request.user)
            ).data
        )


class StaffPayoutOutcomeApi(GenericAPIView):
    """Record what the bank or PayPal said: paid, failed, returned, or unresolved."""

    permission_classes = [StaffPermission.of(Perm.PAYOUT_APPROVE)]

    class Input(serializers.Serializer):
        outcome = serializers.ChoiceField(choices=["paid", "failed", "returned", "unresolved"])
        reason = serializers.CharField(max_length=255, required=False, default="")

    @extend_schema(request=Input, responses=FinancePayoutOutput, tags=["staff finance"])
    def post(self, request: Request, payout_id: int) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        payout = payout_for_staff(payout_id=payout_id)
        outcome, reason = data.validated_data["outcome"], data.validated_data["reason"]
        if outcome == "paid":
            payout = payout_services.payout_mark_paid(payout_id=payout.pk)
        else:
            mark = getattr(payout_services, f"payout_mark_{outcome}")
            payout = mark(payout_id=payout.pk, reason=reason)
        return Response(FinancePayoutOutput(payout).data)


class BatchOutput(serializers.ModelSerializer):
    class Meta:
        model = PayoutBatch
        fields = ["id", "message_id", "currency", "control_sum", "count", "created_at"]


class StaffSepaExportApi(GenericAPIView):
    """Export every approved EUR bank-transfer payout not yet exported as one pain.001 file."""

    permission_classes = [StaffPermission.of(Perm.PAYOUT_APPROVE)]

    @extend_schema(request=None, responses={201: BatchOutput}, tags=["staff finance"])
    @idempotent
    def post(self, request: Request) -> Response:
        batch = payout_services.payouts_export_sepa(actor=request.user)
        return Response(BatchOutput(batch).data, status=201)


class StaffPayoutBatchXmlApi(GenericAPIView):
    permission_classes = [StaffPermission.of(Perm.PAYOUT_APPROVE)]

    @extend_schema(responses={(200, "application/xml"): OpenApiResponse(description="pain.001")},
                   tags=["staff finance"])  # fmt: skip
    def get(self, request: Request, batch_id: int) -> HttpResponse:
        batch = PayoutBatch.objects.filter(pk=batch_id).first()
        if batch is None:
            from globalmarket.core.errors import NotFound

            raise NotFound("Payout batch not found.")
        response = HttpResponse(batch.xml.encode(), content_type="application/xml")
        response["Content-Disposition"] = f'attachment; filename="{batch.message_id}.xml"'
        return response


component_names(StaffPayoutOutcomeApi)
