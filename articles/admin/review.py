"""What the importer asks editors to check: the "Needs review" filter, the reason on the change
form, the counts on the admin's home page; saving a record in the admin clears its flag."""

from django.contrib import admin
from django.urls import reverse

from articles.admin.filters import YesNoFilter


class NeedsReviewFilter(YesNoFilter):
    title = "needs review"
    parameter_name = "needs_review"
    yes_label, no_label = "Needs review", "Reviewed"

    def filter(self, queryset, yes):
        return queryset.filter(needs_review=yes)


class ReviewAdminMixin:
    """Show why the importer flagged a record, offer the filter, and clear the flag on save."""

    REVIEW_FIELDSET = ("Needs review", {"fields": ["review_note"], "description": "Cleared when you save."})

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), NeedsReviewFilter]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "review_note"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.needs_review:
            return [self.REVIEW_FIELDSET, *fieldsets]
        return fieldsets

    @admin.display(description="reason")
    def review_note(self, obj):
        return obj.review_reason or "flagged by the import"

    def save_model(self, request, obj, form, change):
        # An editor who saved the record has seen it: what the import was unsure of is settled.
        obj.needs_review, obj.review_reason = False, ""
        super().save_model(request, obj, form, change)


def review_counts(request, site=admin.site):
    """Return [(label, count, changelist URL filtered to what needs review)] of what the user may see."""
    counts = []
    for model, model_admin in site._registry.items():
        if not isinstance(model_admin, ReviewAdminMixin) or not model_admin.has_view_or_change_permission(request):
            continue
        count = model._default_manager.filter(needs_review=True).count()
        if not count:
            continue
        url = reverse(f"{site.name}:{model._meta.app_label}_{model._meta.model_name}_changelist")
        label = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
        counts.append((str(label), count, f"{url}?{NeedsReviewFilter.parameter_name}=yes"))
    return sorted(counts)
