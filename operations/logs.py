"""Request ids in log records, and the JSON log format used in production (HUBAL_LOG_FORMAT=json).

`RequestIdMiddleware` (operations.middleware) keeps the id of the request being served in a context variable;
`RequestIdFilter` copies it into every log record, so one request's lines can be found across app servers
(nginx passes its `$request_id` as X-Request-ID, and the response carries the same header back).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from contextvars import ContextVar

current_request_id: ContextVar[str] = ContextVar("request_id", default="-")

# Attributes every LogRecord has; anything else was passed with `extra=` and is logged as a field.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "request_id"}


def forget_request_id(**kwargs) -> None:
    """After a request: log lines between requests (a worker's own) carry no stale id."""
    current_request_id.set("-")


class RequestIdFilter(logging.Filter):
    """Adds `record.request_id` (a dash outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request id, extras, traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", current_request_id.get()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)
