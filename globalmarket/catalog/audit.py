"""Record vendor and staff catalog changes in the audit log (globalmarket.audit)."""

from typing import Any


def record(*, actor: Any, action: str, resource: Any, old: dict[str, Any] | None = None,
           new: dict[str, Any] | None = None) -> None:  # fmt: skip
    """Append an audit entry; a no-op until the audit app provides its service."""
    try:
        from globalmarket.audit import services as audit_services  # type: ignore[attr-defined]
    except ImportError:
        return
    log = getattr(audit_services, "audit_record", None)
    if log is None:
        return
    log(actor=actor, action=action, resource=resource, old=old or {}, new=new or {})
