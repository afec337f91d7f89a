from django.urls import path

from . import api, api_invoices

urlpatterns = [
    path("vendor/finance/statement/", api.VendorStatementApi.as_view(), name="vendor-finance-statement"),
    path("vendor/finance/statement/export/", api.VendorStatementExportApi.as_view(),
         name="vendor-finance-statement-export"),
    path("vendor/finance/transactions/", api.VendorTransactionListApi.as_view(),
         name="vendor-finance-transactions"),
    path("vendor/finance/payouts/", api.VendorPayoutListApi.as_view(), name="vendor-finance-payouts"),
    path("vendor/finance/payouts/<int:payout_id>/", api.VendorPayoutDetailApi.as_view(),
         name="vendor-finance-payout"),
    path("staff/finance/summary/", api.StaffFinanceSummaryApi.as_view(), name="staff-finance-summary"),
    path("staff/finance/balances/", api.StaffBalanceListApi.as_view(), name="staff-finance-balances"),
    path("staff/finance/transactions/", api.StaffTransactionListApi.as_view(),
         name="staff-finance-transactions"),
    path("staff/finance/payouts/", api.StaffPayoutListApi.as_view(), name="staff-finance-payouts"),
    path("staff/finance/payouts/sepa-export/", api.StaffSepaExportApi.as_view(),
         name="staff-finance-sepa-export"),
    path("staff/finance/payouts/<int:payout_id>/approve/", api.StaffPayoutApproveApi.as_view(),
         name="staff-finance-payout-approve"),
    path("staff/finance/payouts/<int:payout_id>/outcome/", api.StaffPayoutOutcomeApi.as_view(),
         name="staff-finance-payout-outcome"),
    path("staff/finance/payout-batches/<int:batch_id>/xml/", api.StaffPayoutBatchXmlApi.as_view(),
         name="staff-finance-payout-batch-xml"),
    path("vendor/finance/invoices/", api_invoices.VendorInvoiceListApi.as_view(), name="vendor-finance-invoices"),
    path("vendor/finance/invoices/<int:invoice_id>/pdf/", api_invoices.VendorInvoicePdfApi.as_view(),
         name="vendor-finance-invoice-pdf"),
    path("staff/finance/invoices/", api_invoices.StaffInvoiceListApi.as_view(), name="staff-finance-invoices"),
    path("staff/finance/invoices/<int:invoice_id>/pdf/", api_invoices.StaffInvoicePdfApi.as_view(),
         name="staff-finance-invoice-pdf"),
    path("me/invoices/<int:invoice_id>/pdf/", api_invoices.MyInvoicePdfApi.as_view(), name="my-invoice-pdf"),
]  # fmt: skip
