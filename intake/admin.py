from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from intake import services
from intake.models import PartnerApiKey, PartnerReference


@admin.register(PartnerApiKey)
class PartnerApiKeyAdmin(admin.ModelAdmin):
    """Keys are issued here (the key is shown once, in the message after saving), rotated and revoked."""

    list_display = ["prefix", "organisation", "name", "created_at", "revoked_at"]
    list_filter = ["organisation"]
    fields = ["organisation", "name", "prefix", "created_at", "revoked_at", "replaced_by"]
    readonly_fields = ["prefix", "created_at", "revoked_at", "replaced_by"]
    actions = ["rotate", "revoke"]

    def save_model(self, request: HttpRequest, obj: PartnerApiKey, form: Any, change: bool) -> None:
        if change:
            obj.save(update_fields=["name"])
            return
        api_key, key = services.partner_api_key_issue(organisation=obj.organisation, name=obj.name)
        obj.pk, obj.prefix, obj.hashed_secret = api_key.pk, api_key.prefix, api_key.hashed_secret
        messages.warning(request, f"The new key, shown only this once: {key}")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke instead, so the record of who had a key stays

    @admin.action(description="Rotate: revoke and issue a replacement")
    def rotate(self, request: HttpRequest, queryset: QuerySet[PartnerApiKey]) -> None:
        for old in queryset.filter(revoked_at__isnull=True):
            new, key = services.partner_api_key_rotate(key_id=old.pk)
            messages.warning(request, f"{old.organisation}: the replacement key, shown only this once: {key}")

    @admin.action(description="Revoke")
    def revoke(self, request: HttpRequest, queryset: QuerySet[PartnerApiKey]) -> None:
        for api_key in queryset:
            services.partner_api_key_revoke(key_id=api_key.pk)
        messages.success(request, "Revoked.")


@admin.register(PartnerReference)
class PartnerReferenceAdmin(admin.ModelAdmin):
    list_display = ["reference", "organisation", "referral", "created_at"]
    list_filter = ["organisation"]
    search_fields = ["reference"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
