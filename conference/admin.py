from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks import TaskResultStatus
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult
from modeltranslation.admin import TranslationAdmin

from conference.models import (
    AuditEntry,
    Conference,
    HubRole,
    ScheduledJob,
    StaffAccess,
    TaskWorker,
    User,
)
from conference.tasks import task_results_retry


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


# Background tasks: the queue as operators see it -----------------------------------

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    """Every task: waiting (ready, maybe deferred to a later attempt), running,
    failed (after its last attempt: select it and run it again) and successful
    (done, skipped, or an attempt that failed and queued the next one)."""

    list_display = [
        "task_name",
        "status",
        "outcome",
        "attempt",
        "enqueued_at",
        "display_run_after",
        "finished_at",
        "error",
    ]
    list_filter = ["status", "queue_name"]
    search_fields = ["task_path"]
    actions = ["retry_failed"]

    @admin.display(description=_("outcome"))
    def outcome(self, obj: DBTaskResult) -> str:
        value = obj.return_value
        return value.get("outcome", "") if isinstance(value, dict) else ""

    @admin.display(description=_("attempt"))
    def attempt(self, obj: DBTaskResult) -> int:
        return obj.args_kwargs.get("kwargs", {}).get("_attempt", 1)

    @admin.display(description=_("error"))
    def error(self, obj: DBTaskResult) -> str:
        if obj.status == TaskResultStatus.FAILED and obj.traceback:
            return obj.traceback.strip().splitlines()[-1][:200]
        value = obj.return_value
        if isinstance(value, dict):
            return value.get("error") or value.get("reason") or ""
        return ""

    @admin.action(description=_("Run the selected failed tasks again"))
    def retry_failed(self, request, queryset):
        again = task_results_retry(ids=list(queryset.values_list("pk", flat=True)), by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d failed task is back in the queue.",
                "%(count)d failed tasks are back in the queue.",
                again,
            )
            % {"count": again},
        )


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin):
    list_display = ["name", "next_run_at", "last_queued_at"]

    def has_add_permission(self, request):
        return False


@admin.register(TaskWorker)
class TaskWorkerAdmin(admin.ModelAdmin):
    list_display = ["worker_id", "hostname", "pid", "started_at", "seen_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StaffAccess)
class StaffAccessAdmin(admin.ModelAdmin):
    """Read only: the record of staff looking at families' data cannot be changed."""

    list_display = ["created_at", "actor", "what", "hub", "records", "reason"]
    list_filter = ["what", "hub"]
    list_select_related = ["actor", "hub"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
