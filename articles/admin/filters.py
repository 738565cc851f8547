"""List filters shared by the admin's changelists."""

from django.contrib import admin


class YesNoFilter(admin.SimpleListFilter):
    """A filter with two choices; a subclass names them and says which rows "yes" keeps."""

    yes_label = "Yes"
    no_label = "No"

    def lookups(self, request, model_admin):
        return [("yes", self.yes_label), ("no", self.no_label)]

    def queryset(self, request, queryset):
        if self.value() not in {"yes", "no"}:
            return queryset
        return self.filter(queryset, self.value() == "yes")

    def filter(self, queryset, yes):
        """Return the rows of the queryset the choice keeps (``yes``: the first choice)."""
        raise NotImplementedError
