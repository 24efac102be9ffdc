"""The library in the admin: topics are managed here (names in every language);
resources and support services can be looked up, and every change of a
resource's status goes through the services (actions below), never a plain save."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from support.library import services
from support.library.models import Resource, ResourceStatusChange, SupportService, Topic


@admin.register(Topic)
class TopicAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name_en"]}


class StatusChangeInline(admin.TabularInline):
    model = ResourceStatusChange
    extra = 0
    can_delete = False
    fields = ["created_at", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


def _run(modeladmin, request, queryset, step, done):
    for resource in queryset:
        try:
            step(actor=request.user, resource=resource)
        except services.ResourceError as error:
            modeladmin.message_user(request, f"{resource}: {error.message}", messages.ERROR)
        except ValidationError as error:
            modeladmin.message_user(
                request, f"{resource}: {' '.join(error.messages)}", messages.ERROR
            )
        except PermissionDenied:
            modeladmin.message_user(request, f"{resource}: {_('not allowed')}", messages.ERROR)
        else:
            modeladmin.message_user(request, f"{resource}: {done}", messages.SUCCESS)


@admin.action(description=_("Publish (two pairs of eyes)"))
def publish(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.resource_publish, _("published"))


@admin.action(description=_("Archive"))
def archive(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.resource_archive, _("archived"))


@admin.action(description=_("Send back to draft"))
def return_to_draft(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.resource_return, _("back to draft"))


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    """Look-up only: resources are written on the library's staff pages."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "kind", "language", "hub", "status", "published_at"]
    list_filter = ["status", "kind", "language", "audience", "hub", "topics"]
    list_select_related = ["hub"]
    search_fields = ["title", "search_title"]
    inlines = [StatusChangeInline]
    actions = [publish, archive, return_to_draft]
    exclude = ["search_vector", "search_document"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # shown read-only; the actions call the services

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SupportService)
class SupportServiceAdmin(TranslationAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["__str__", "kind", "country", "society", "is_free", "position"]
    list_filter = ["kind", "country", "is_free"]
    list_select_related = ["society"]

    def save_model(self, request, obj, form, change):
        columns = services.translated_columns()
        texts = {name: value for name, value in form.cleaned_data.items() if name in columns}
        fields = {
            name: form.cleaned_data[name]
            for name in services.SERVICE_FIELDS
            if name in form.cleaned_data
        }
        saved = services.support_service_save(
            actor=request.user, service=obj if change else None, texts=texts, **fields
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.support_service_delete(actor=request.user, service=obj)
