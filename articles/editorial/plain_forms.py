"""Forms that say what is wrong in plain words, beside the field, and fill what can be worked out.

A database constraint that a form's values break comes back from ``full_clean()`` as an error of
the whole form ("Constraint “event_end_after_start” is violated."); the constraints carry a
sentence and a code of their own (articles.models), and these forms put that sentence beside the
field it is about. An event's period follows from its date: left empty, it is filled in; one that
does not hold the date is refused with the name of the one that does.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from articles.editorial.forms import VersionedModelForm
from articles.models import Period

# The field each constraint's error goes beside, by the constraint's violation_error_code.
FIELD_OF_CONSTRAINT = {
    "end_before_start": "end_date",
    "precision_without_date": "precision",
    "period_end_before_start": "end_year",
}


class ConstraintErrorsBesideFields(VersionedModelForm):
    def _update_errors(self, errors):
        if hasattr(errors, "error_dict") and NON_FIELD_ERRORS in errors.error_dict:
            moved = {}
            for error in errors.error_dict.pop(NON_FIELD_ERRORS):
                field = FIELD_OF_CONSTRAINT.get(error.code)
                moved.setdefault(field if field in self.fields else NON_FIELD_ERRORS, []).append(error)
            for field, field_errors in moved.items():
                errors.error_dict.setdefault(field, []).extend(field_errors)
        super()._update_errors(errors)


class PeriodForm(ConstraintErrorsBesideFields):
    pass


class EventForm(ConstraintErrorsBesideFields):
    def clean(self):
        cleaned_data = super().clean()
        day = cleaned_data.get("date")
        if day is None or "period" not in self.fields:
            return cleaned_data
        period = cleaned_data.get("period")
        holding = Period.objects.containing_year(day.year).first()
        if period is None:
            cleaned_data["period"] = holding
        elif not period.contains_year(day.year):
            right = f"it belongs to “{holding}”" if holding else "no period holds it; leave the period empty"
            self.add_error(
                "period", ValidationError(f"“{period}” does not hold the year {day.year}: {right}.", code="period")
            )
        return cleaned_data
