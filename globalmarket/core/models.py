from django.db import models

from globalmarket.tenancy.models import TenantScopedModel


class IdempotencyRecord(TenantScopedModel):
    """The first response to a POST that carried an Idempotency-Key, replayed for 24 hours."""

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress"
        DONE = "done"

    scope = models.CharField(max_length=200, help_text="Endpoint and caller the key belongs to")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body")
    state = models.CharField(max_length=16, choices=State.choices, default=State.IN_PROGRESS)
    response_status = models.PositiveSmallIntegerField(null=True)
    response_body = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant_id", "scope", "key"], name="idempotency_unique_key"
            )
        ]
