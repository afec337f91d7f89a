"""The tenant registry (control-plane database) and the base class of tenant-scoped rows."""

import uuid
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from .context import current_tenant, require_tenant


class Tenant(models.Model):
    """A regional marketplace; its data lives in the database named by `database_alias`."""

    class Type(models.TextChoices):
        EUROPE = "EU", _("Europe")
        MENA = "MENA", _("Middle East & North Africa")
        ASIA = "ASIA", _("Asia Pacific")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=100)
    slug = models.SlugField(unique=True, max_length=50)
    type = models.CharField(max_length=10, choices=Type.choices)
    domain = models.CharField(max_length=255, unique=True)
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other host names, e.g. eu.localhost"
    )
    api_domain = models.CharField(max_length=255, blank=True)
    default_currency = models.CharField(max_length=3)
    default_language = models.CharField(max_length=8)
    languages = models.JSONField(default=list)
    timezone = models.CharField(max_length=50)
    countries = models.JSONField(default=list)
    database_alias = models.CharField(max_length=64)
    prices_include_vat = models.BooleanField(default=True)
    features = models.JSONField(default=dict, blank=True)
    is_active = models.BooleanField(default=True)
    is_in_maintenance = models.BooleanField(default=False)
    maintenance_retry_after = models.PositiveIntegerField(default=600)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "tenants"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.type})"

    @property
    def hosts(self) -> list[str]:
        return [self.domain.lower(), *(alias.lower() for alias in self.aliases)]

    @property
    def code(self) -> str:
        """Short upper-case code used in order and invoice numbers, e.g. EU."""
        return str(self.type)

    def feature(self, name: str, default: bool = False) -> bool:
        return bool(self.features.get(name, default))


class TenantQuerySet(models.QuerySet):
    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> Any:
        objs = list(objs)
        tenant_id = None
        for obj in objs:
            if obj.tenant_id is None:
                tenant_id = tenant_id or require_tenant().id
                obj.tenant_id = tenant_id
        return super().bulk_create(objs, *args, **kwargs)


class TenantManager(models.Manager.from_queryset(TenantQuerySet)):  # type: ignore[misc]
    """Filters by the current tenant: a second guard besides the per-region database."""

    def get_queryset(self) -> models.QuerySet:
        qs = super().get_queryset()
        tenant = current_tenant()
        if tenant is not None:
            qs = qs.filter(tenant_id=tenant.id)
        return qs

    # Inserts read nothing, so they skip building the tenant filter (a clone and a lookup
    # per call, on every order, line and event written); the rows get the tenant's id from
    # save() and TenantQuerySet.bulk_create as before.
    def create(self, **kwargs: Any) -> Any:
        return super().get_queryset().create(**kwargs)

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> Any:
        return super().get_queryset().bulk_create(objs, *args, **kwargs)


class TenantScopedModel(models.Model):
    """A row of one region's data; lives in that region's database and carries its id."""

    tenant_id = models.UUIDField(db_index=True, editable=False)

    objects = TenantManager()
    unscoped = models.Manager()  # noqa: DJ012

    class Meta:
        abstract = True
        base_manager_name = "unscoped"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.tenant_id is None:
            self.tenant_id = require_tenant().id
        super().save(*args, **kwargs)
