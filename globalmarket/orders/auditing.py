"""Record staff and vendor changes in the audit log (globalmarket.audit, built by ledger)."""

from typing import Any


def record(*, actor: Any, action: str, resource: Any, old: dict[str, Any] | None = None,
           new: dict[str, Any] | None = None, request: Any = None) -> None:  # fmt: skip
    try:
        from globalmarket.audit import services as audit_services  # type: ignore[attr-defined]
    except ImportError:
        return
    log = getattr(audit_services, "audit_record", None)
    if log is None:
        return
    log(
        actor=actor, action=action, resource=resource, old=old or {}, new=new or {}, request=request
    )
