"""Sessions and enrolments in the admin, to look things up. Scheduling and
enrolment go through the programme pages, whose services apply the rules
(conflicts, capacity, waiting lists) that a plain admin form would skip."""

from django.contrib import admin

from sessions_app.models import Enrolment, Session


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "hub", "mode", "starts_at", "capacity", "status"]
    list_filter = ["conference", "kind", "status", "hub"]
    list_select_related = ["hub"]
    search_fields = ["title", "speakers"]
    date_hierarchy = "starts_at"


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdmin):
    list_display = ["session", "user", "status", "queued_at", "ground_rules_accepted_at"]
    list_filter = ["status", "session__conference"]
    list_select_related = ["session", "user"]
    search_fields = ["session__title", "user__pseudonym"]
