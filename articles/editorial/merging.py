"""A three-way merge of section texts by paragraph, for a save refused because someone saved first.

Editor B opened version n of a section (the *original*), editor A saved version n + 1 (*theirs*),
and B now saves *yours*. Each side's changes are the paragraphs it replaced, removed or inserted
relative to the original. When the two sides changed different paragraphs, both sets of changes
apply: the form comes back holding the merged text for B to review and save. When they changed
the same paragraphs, nothing is merged: the form keeps B's text, and shows, for each clash, the
original, their and B's paragraphs side by side.
"""

from dataclasses import dataclass
from difflib import SequenceMatcher

from django import forms
from django.utils.html import format_html, format_html_join

from articles.editorial.forms import VersionedModelForm
from articles.markup import paragraphs


@dataclass(frozen=True)
class Change:
    start: int  # the original paragraphs start:end were replaced by `new`
    end: int
    new: tuple

    def clashes(self, other):
        if self.start == self.end or other.start == other.end:  # an insertion touches its neighbours
            return max(self.start, other.start) <= min(self.end, other.end)
        return max(self.start, other.start) < min(self.end, other.end)


@dataclass(frozen=True)
class Clash:
    original: tuple
    theirs: tuple
    yours: tuple


@dataclass(frozen=True)
class Merge:
    text: str | None  # the merged text, or None when the two sides clash
    clashes: list


def changes(original, edited):
    matcher = SequenceMatcher(None, original, edited, autojunk=False)
    return [Change(i1, i2, tuple(edited[j1:j2])) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def merge(original, theirs, yours):
    """Merge two edits of ``original`` paragraph by paragraph; see the module's docstring."""
    base = paragraphs(original)
    their_changes, your_changes = changes(base, paragraphs(theirs)), changes(base, paragraphs(yours))
    # A change both made alike is made once.
    your_changes = [change for change in your_changes if change not in their_changes]
    clashes = [
        Clash(tuple(base[min(t.start, y.start) : max(t.end, y.end)]), t.new, y.new)
        for t in their_changes
        for y in your_changes
        if t.clashes(y)
    ]
    if clashes:
        return Merge(None, clashes)
    merged = list(base)
    for change in sorted([*their_changes, *your_changes], key=lambda change: change.start, reverse=True):
        merged[change.start : change.end] = change.new
    return Merge("\n\n".join(merged), [])


def clash_table(clashes):
    """The clashing paragraphs side by side: original, theirs, yours."""

    def cell(texts):
        return format_html_join("", "<p>{}</p>", ((text,) for text in texts)) or format_html(
            "<p><em>{}</em></p>", "(none)"
        )

    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
        ((cell(clash.original), cell(clash.theirs), cell(clash.yours)) for clash in clashes),
    )
    return format_html(
        '<table class="merge-clashes"><caption>{}</caption><thead><tr><th scope="col">Original</th>'
        '<th scope="col">Theirs (saved)</th><th scope="col">Yours (in the form)</th></tr></thead><tbody>{}</tbody></table>',
        "Paragraphs you both changed",
        rows,
    )


class SectionForm(VersionedModelForm):
    """A section's form whose refused save merges the two edits of the text when it can."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError as error:
            if error.code != "edit_conflict":
                raise
            raise self.merged(error) from None

    def merged(self, error):
        """Return the conflict error, with the two texts merged into the form, or their clash shown."""
        loaded = self.cleaned_data.get("loaded_version")
        yours = self.cleaned_data.get("body")
        opened = self.instance.history.filter(version=loaded).order_by("-history_date").first() if loaded else None
        theirs = type(self.instance)._default_manager.filter(pk=self.instance.pk).values_list("body", flat=True).first()
        if opened is None or yours is None or theirs is None or "body" not in self.changed_data_since(opened):
            return error
        result = merge(opened.body, theirs, yours)
        if result.text is not None:
            self.data[self.add_prefix("body")] = result.text
            return forms.ValidationError(
                format_html(
                    "{} <strong>Their changes and yours touched different paragraphs: the text below holds "
                    "both. Review it, then save.</strong>",
                    error.message,
                ),
                code="merged",
            )
        return forms.ValidationError(
            format_html("{} {}", error.message, clash_table(result.clashes)), code="edit_conflict"
        )

    def changed_data_since(self, opened):
        """The names of the fields whose posted value differs from the version the editor opened."""
        return [name for name in ("body",) if self.cleaned_data.get(name) != getattr(opened, name)]
