"""Support signals in the admin, to look them up: never their conversation, which
only the family and those handling the signal read (on its own page)."""

from django.contrib import admin

from support.signals.models import SupportSignal


@admin.register(SupportSignal)
class SupportSignalAdmin(admin.ModelAdmin):
    list_display = ["session", "created_at", "acknowledged_at", "closed_at"]
    list_select_related = ["session"]
    fields = ["session", "created_at", "acknowledged_at", "closed_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
