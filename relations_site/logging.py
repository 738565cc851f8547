"""Structured logs: one JSON object per line on standard output, with secrets masked.

``JsonFormatter`` writes a record's time, level, logger and message, the request it belongs to
(method, path, status, client address, POST data and headers when the record carries them) and
the traceback of an exception. ``SensitiveDataFilter`` masks, before anything is written, every
value whose key names a secret (password, secret, token, csrf, session, cookie, authorization,
API key, signature) in POST data, headers and ``extra`` dictionaries, and credentials written
into URLs or ``key=value`` pairs of the message itself.
"""

import json
import logging
import re
import traceback
from datetime import UTC, datetime

MASK = "********"

# A key whose value must never be written: "password1", "HTTP_X_CSRFTOKEN", "api_key", "Cookie"…
SENSITIVE_KEY = re.compile(r"pass|secret|token|csrf|session|cookie|auth|api[-_]?key|signature|credential", re.I)

# In free text: "password=hunter2", "token: abc", "secret_key='x'"; and "scheme://user:password@host".
_SENSITIVE_PAIR = re.compile(
    r"(?P<key>[\w-]*(?:pass|secret|token|csrf|session|cookie|api[-_]?key|signature)[\w-]*)"
    r"(?P<sep>['\"]?\s*[=:]\s*['\"]?)(?P<value>[^\s&,;'\"]+)",
    re.I,
)
_URL_CREDENTIALS = re.compile(r"(?P<scheme>\b[a-z][a-z0-9+.-]*://[^:/@\s]+):(?P<password>[^@/\s]+)@", re.I)

# LogRecord attributes every record has; anything else was passed as ``extra``.
_STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


def mask_text(text):
    """Return ``text`` with the values of secret-looking ``key=value`` pairs and URL passwords masked."""
    text = _URL_CREDENTIALS.sub(lambda match: f"{match['scheme']}:{MASK}@", text)
    return _SENSITIVE_PAIR.sub(lambda match: f"{match['key']}{match['sep']}{MASK}", text)


def mask(value, key=""):
    """Return a copy of ``value`` (dicts, lists, text) with the values under secret-looking keys masked."""
    if key and SENSITIVE_KEY.search(str(key)):
        return MASK
    if isinstance(value, dict) or hasattr(value, "lists"):  # a dict, or a QueryDict of lists
        items = value.lists() if hasattr(value, "lists") else value.items()
        return {str(name): mask(item, name) for name, item in items}
    if isinstance(value, (list, tuple)):
        return [mask(item) for item in value]
    if isinstance(value, str):
        return mask_text(value)
    return value


def request_headers(request):
    """Return the request's HTTP headers as a dict (masking is the filter's job)."""
    return dict(request.headers)


def request_data(request):
    """Return what a log line says about a request: method, path, client, headers, POST data."""
    data = {"method": request.method, "path": request.path}
    client = getattr(request, "client_ip", None) or request.META.get("REMOTE_ADDR")
    if client:
        data["client_ip"] = client
    if request.method == "POST":
        try:
            data["post"] = request.POST
        except Exception:  # an unreadable body (too large, malformed) is not worth a second error
            data["post"] = "<unreadable>"
    data["headers"] = request_headers(request)
    return data


class SensitiveDataFilter(logging.Filter):
    """Mask secrets in a record before any handler writes it; never drops a record."""

    def filter(self, record):
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "META"):
            # Django's own loggers (django.request) pass the request object: keep only what is
            # worth a log line, masked.
            record.request = mask(request_data(request))
        for name, value in list(vars(record).items()):
            if name not in _STANDARD_ATTRIBUTES and name != "request":
                setattr(record, name, mask(value, name))
        if record.args:
            # Format now, so that the arguments cannot put a secret back into the message.
            record.msg, record.args = mask_text(record.getMessage()), None
        elif isinstance(record.msg, str):
            record.msg = mask_text(record.msg)
        return True


class JsonFormatter(logging.Formatter):
    """Format a record as one line of JSON."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in vars(record).items():
            if name not in _STANDARD_ATTRIBUTES and not name.startswith("_"):
                entry[name] = value
        if record.exc_info:
            kind, error, trace = record.exc_info
            entry["error"] = {
                "type": getattr(kind, "__name__", str(kind)),
                "message": mask_text(str(error)),
                "traceback": mask_text("".join(traceback.format_exception(kind, error, trace))),
            }
        return json.dumps(entry, ensure_ascii=False, default=str)
