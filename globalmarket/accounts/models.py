"""Accounts live in their region's database: a Europe account does not exist in MENA."""

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models

from globalmarket.tenancy.models import TenantQuerySet, TenantScopedModel

from .roles import StaffRole


class UserManager(BaseUserManager.from_queryset(TenantQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def get_queryset(self) -> models.QuerySet:
        from globalmarket.tenancy.context import current_tenant

        qs = super().get_queryset()
        tenant = current_tenant()
        return qs.filter(tenant_id=tenant.id) if tenant is not None else qs

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=username)

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractBaseUser, PermissionsMixin, TenantScopedModel):
    email = models.EmailField(unique=True, max_length=254)
    full_name = models.CharField(max_length=150)
    phone = models.CharField(max_length=20, blank=True, help_text="E.164, e.g. +31612345678")
    preferred_language = models.CharField(max_length=8, blank=True)
    staff_role = models.CharField(max_length=16, choices=StaffRole.choices, blank=True)
    is_platform_admin = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    welcome_sent_at = models.DateTimeField(null=True, blank=True)
    date_joined = models.DateTimeField(auto_now_add=True)

    objects = UserManager()  # type: ignore[assignment,misc]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        db_table = "accounts_user"
        ordering = ["email"]
        default_manager_name = "objects"

    def __str__(self) -> str:
        return self.email

    @property
    def is_staff(self) -> bool:
        """Django admin access: region staff and platform admins."""
        return bool(self.staff_role) or self.is_platform_admin

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email
