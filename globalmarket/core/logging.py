"""Put the request id and the tenant on every log record."""

import logging
from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")


class ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        from globalmarket.tenancy.context import current_tenant

        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        if not hasattr(record, "tenant"):
            tenant = current_tenant()
            record.tenant = tenant.slug if tenant else "-"
        return True
