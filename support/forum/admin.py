"""The forum in the admin: categories are managed here (names and descriptions in
every language, who may start threads, locked), and earlier pseudonyms can be
looked up. Threads and posts are not here: what people write changes only
through the services (moderation has its own pages). The moderation audit log
can be read here, never changed or deleted."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from support.forum.models import AuditEntry, Category, PseudonymChange


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):
    list_display = ["name", "slug", "kind", "hub", "language", "order", "who_may_start", "locked"]
    list_filter = ["kind", "who_may_start", "locked"]
    prepopulated_fields = {"slug": ["name_en"]}
    readonly_fields = ["thread_count", "last_post_at"]


@admin.register(PseudonymChange)
class PseudonymChangeAdmin(admin.ModelAdmin):
    list_display = ["user", "old_pseudonym", "new_pseudonym", "changed_at"]
    search_fields = ["old_pseudonym", "new_pseudonym"]
    readonly_fields = ["user", "old_pseudonym", "new_pseudonym", "changed_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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
