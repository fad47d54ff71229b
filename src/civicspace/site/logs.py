"""Log records as JSON lines on stderr: one object a line, with the request's id and path."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from civicspace.site.middleware import request_id, request_path


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id.get() or None,
            "path": request_path.get() or None,
            # django.request and django.server say which answer a logged request got.
            "status": getattr(record, "status_code", None),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)
