"""Forum moderation in the admin: the audit log can be read, never changed or
deleted; sanctions and watched words are managed from the moderators' pages."""

from django.contrib import admin

from support.forum.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "actor", "hub", "member"]
    list_filter = ["action", "hub"]
    list_select_related = ["actor", "hub", "member"]
    readonly_fields = [
        "created_at",
        "actor",
        "action",
        "hub",
        "category",
        "thread",
        "post",
        "member",
        "reason",
        "before",
        "after",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
