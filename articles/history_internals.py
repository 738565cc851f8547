"""What the project reads of django-simple-history beyond its documented API, in one place.

The documented API (``HistoricalRecords``, ``history`` managers, ``diff_against``, an instance's
``_change_reason`` and ``_history_user``, ``simple_history.utils``) does not say which fields a
history model copies, which many-to-many fields it records, or where their history goes. The
import writes history rows in bulk (``services/snapshot_writer.py``) and the admin shows and
restores many-to-many history (``admin/history.py``, ``editorial/forms.py``): they need those, and
ask here. ``tests/test_history_internals.py`` checks each answer against the installed version,
so an upgrade that changes one fails there, naming it, rather than writing wrong history.
"""

from simple_history.exceptions import NotHistoricalModelError
from simple_history.models import HistoricalRecords
from simple_history.utils import get_history_model_for_model


def history_model(model):
    """Return the model of a model's history records, or None if its changes are not recorded."""
    try:
        return get_history_model_for_model(model)
    except NotHistoricalModelError:
        return None


def tracked_fields(history_model):
    """Return the fields of the recorded model that each history row copies."""
    return history_model.tracked_fields


def many_to_many_fields(history):
    """Return the recorded model's many-to-many fields whose links a history row (or model) keeps."""
    return history._history_m2m_fields


def links_history_model(many_to_many_field):
    """Return the model whose rows keep a many-to-many field's links, one per link and history row."""
    return HistoricalRecords.m2m_models[many_to_many_field]


def default_history_user(history_model, instance):
    """Return the user a change to ``instance`` is recorded as made by, as saving it would."""
    return history_model.get_default_history_user(instance)
