"""Readable differences between two versions of a record, field by field, as escaped HTML.

Text is compared word by word (line breaks count as words, so a moved paragraph shows too):
the older side marks what went with <del>, the newer side what came with <ins>. Lists (aliases,
linked terms and people) are compared item by item. Everything is escaped with format_html.
"""

import difflib
import re
from dataclasses import dataclass

from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from simple_history.utils import get_m2m_reverse_field_name

# A line break, a run of other white space, a word, or one other character.
TOKEN = re.compile(r"\n|[^\S\n]+|\w+|[^\w\s]")


def tokens(text):
    return TOKEN.findall(text)


@dataclass(frozen=True)
class Sides:
    """The same field in the older and the newer version, marked up."""

    old: SafeString
    new: SafeString


def _joined(parts):
    return format_html_join("", "{}", ((part,) for part in parts))


def _opcodes(old_tokens, new_tokens):
    """Return difflib opcodes in which a space between two changes belongs to the change.

    Otherwise "a b" → "c d" reads as <del>a</del> <del>b</del>, word by word, instead of one change.
    """
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    codes = [list(code) for code in matcher.get_opcodes()]
    merged = []
    for index, code in enumerate(codes):
        tag, i1, i2, _, _ = code
        between_changes = 0 < index < len(codes) - 1 and codes[index - 1][0] != "equal" != codes[index + 1][0]
        if tag == "equal" and between_changes and not "".join(old_tokens[i1:i2]).strip():
            code[0] = "replace"
        if merged and merged[-1][0] != "equal" and code[0] != "equal":
            merged[-1] = ["replace", merged[-1][1], code[2], merged[-1][3], code[4]]
        else:
            merged.append(code)
    return merged


def _unix_newlines(text):
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def text_sides(old, new):
    """Mark up the words that went from ``old`` and came into ``new``."""
    # Line endings are not content: a CRLF saved by a browser before is the same line break as LF.
    old_tokens, new_tokens = tokens(_unix_newlines(old)), tokens(_unix_newlines(new))
    old_parts, new_parts = [], []
    for tag, i1, i2, j1, j2 in _opcodes(old_tokens, new_tokens):
        went, came = "".join(old_tokens[i1:i2]), "".join(new_tokens[j1:j2])
        if tag == "equal":
            old_parts.append(format_html("{}", went))
            new_parts.append(format_html("{}", came))
            continue
        if went:
            old_parts.append(format_html("<del>{}</del>", went))
        if came:
            new_parts.append(format_html("<ins>{}</ins>", came))
    return Sides(_joined(old_parts), _joined(new_parts))


def list_sides(old, new):
    """Mark up the items that went from list ``old`` and came into list ``new``."""
    old_items, new_items = [str(item) for item in old or []], [str(item) for item in new or []]

    def items(values, others, tag):
        if not values:
            return format_html('<span class="diff-empty">{}</span>', "(none)")
        marked = (
            format_html("<{}>{}</{}>", tag, value, tag) if value not in others else format_html("{}", value)
            for value in values
        )
        return format_html('<ul class="diff-list">{}</ul>', format_html_join("", "<li>{}</li>", ((m,) for m in marked)))

    return Sides(items(old_items, new_items, "del"), items(new_items, old_items, "ins"))


def value_sides(old, new):
    """Mark up a value that was replaced as a whole (a date, a status, a related record)."""

    def shown(value, tag):
        if value in (None, ""):
            return format_html('<span class="diff-empty">{}</span>', "(empty)")
        return format_html("<{}>{}</{}>", tag, value, tag)

    return Sides(shown(old, "del"), shown(new, "ins"))


@dataclass(frozen=True)
class FieldDiff:
    name: str
    label: str
    old: SafeString
    new: SafeString


def _display(model_field, value):
    choices = dict(model_field.flatchoices) if model_field.choices else None
    if choices is not None:
        return choices.get(value, value)
    return value


def field_diffs(old_record, new_record):
    """Return one FieldDiff per field that differs between two historical records, in form order.

    Both records are of the same object; fields that are not edited in forms (the import
    snapshot, the version, timestamps) are left out, as simple-history's own diff does.
    """
    model = new_record.instance_type
    delta = new_record.diff_against(old_record, foreign_keys_are_objs=True)
    order = {model_field.name: index for index, model_field in enumerate(model._meta.get_fields())}
    diffs = []
    for change in sorted(delta.changes, key=lambda change: order.get(change.field, len(order))):
        model_field = model._meta.get_field(change.field)
        if model_field.many_to_many:
            related = get_m2m_reverse_field_name(model_field)
            sides = list_sides([row[related] for row in change.old], [row[related] for row in change.new])
        elif isinstance(model_field, models.JSONField) and isinstance(change.old or [], list):
            sides = list_sides(change.old, change.new)
        elif isinstance(model_field, (models.CharField, models.TextField)) and not model_field.choices:
            sides = text_sides(change.old, change.new)
        else:
            sides = value_sides(_display(model_field, change.old), _display(model_field, change.new))
        diffs.append(FieldDiff(change.field, capfirst(model_field.verbose_name), sides.old, sides.new))
    return diffs
