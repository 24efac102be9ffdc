from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from conference.models import AuditEntry, Conference, HubRole, User


class HubRoleInline(admin.TabularInline):
    model = HubRole
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["hub"]
    readonly_fields = ["granted_by", "created_at"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "pseudonym", "language", "is_superuser", "is_active", "date_joined"]
    list_filter = ["is_superuser", "is_active", "language"]
    search_fields = ["email", "pseudonym"]
    inlines = [HubRoleInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["pseudonym", "language", "time_zone"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "pseudonym", "password1", "password2"]}),
    ]


@admin.register(Conference)
class ConferenceAdmin(TranslationAdmin):
    list_display = ["year", "title", "starts_on", "ends_on", "is_current"]


@admin.register(HubRole)
class HubRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "hub", "role", "on_duty"]
    list_filter = ["role", "hub"]
    list_select_related = ["user", "hub"]
    search_fields = ["user__email", "user__pseudonym", "hub__name"]
    autocomplete_fields = ["user", "hub"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "hub", "target_type", "target_id"]
    list_filter = ["action", "hub"]
    list_select_related = ["actor", "hub"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
