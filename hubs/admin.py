from django.contrib import admin
from django.db import models
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from hubs.models import Hub, NationalSociety, Room


@admin.register(NationalSociety)
class NationalSocietyAdmin(TranslationAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "short_name", "country"]
    search_fields = ["name", "short_name", "country"]


class RoomInline(TranslationTabularInline):
    model = Room
    extra = 0


@admin.register(Hub)
class HubAdmin(TranslationAdmin):
    list_display = ["name", "conference", "society", "city", "time_zone", "in_person_capacity"]
    list_filter = ["conference"]
    list_select_related = ["conference", "society"]
    search_fields = ["name", "city", "society__name"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [RoomInline]
