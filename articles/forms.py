"""Form fields for editing the articles' records in the admin."""

from django import forms


class LinesListField(forms.CharField):
    """Edit a list of strings as a textarea holding one item per line.

    Surrounding spaces, blank lines and repeated items are dropped, so what is saved is a clean
    JSON list of strings in the order the editor wrote them.
    """

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if value is None:
            return ""
        if isinstance(value, (list, tuple)):
            return "\n".join(str(item) for item in value)
        # Already text: the editor's own input, shown again after a validation error.
        return value

    def to_python(self, value):
        text = super().to_python(value)
        unique_lines = dict.fromkeys(line.strip() for line in text.splitlines())
        return [line for line in unique_lines if line]
