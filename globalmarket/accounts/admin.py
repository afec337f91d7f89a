from django.contrib import admin

from .models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "staff_role", "is_active", "date_joined"]
    list_filter = ["staff_role", "is_active"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["password", "date_joined", "last_login", "tenant_id"]
    exclude = ["groups", "user_permissions", "is_superuser"]
