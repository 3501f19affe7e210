from __future__ import annotations

from django.contrib import admin

from reports.models import Contract, FundingContribution, ReferralImport


class FundingContributionInline(admin.TabularInline):
    model = FundingContribution
    extra = 1


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    """Contracts end and are re-procured: an administrator records each with its value and funders."""

    list_display = ["name", "provider", "area", "starts_on", "ends_on", "annual_value"]
    list_filter = ["provider", "area"]
    filter_horizontal = ["services"]
    inlines = [FundingContributionInline]


@admin.register(ReferralImport)
class ReferralImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "uploaded_by", "uploaded_at", "status", "imported_rows", "already_imported_rows"]
    readonly_fields = [f.name for f in ReferralImport._meta.fields]
    exclude = ["content"]

    def has_add_permission(self, request: object) -> bool:
        return False
