"""Request ids and structured JSON logs."""

import json
import logging
import traceback
from contextvars import ContextVar, Token
from typing import Any

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


def bind_request_id(request_id: str) -> Token[str | None]:
    return _request_id.set(request_id)


def unbind_request_id(token: Token[str | None]) -> None:
    _request_id.reset(token)


def configure_logging(level: str) -> None:
    """Send every log record to stderr as one JSON object per line."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())


_STANDARD_ATTRS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def _withheld(error: BaseException) -> str:
    kind = type(error)
    frames = "".join(traceback.format_tb(error.__traceback__))
    return f"{frames}{kind.__module__}.{kind.__qualname__} (message withheld)"


class JsonFormatter(logging.Formatter):
    """One JSON object per record; tracebacks keep their frames and exception types
    but not their messages, which repeat the values that failed (a participant_ref
    in a database error, the input of a validation error)."""

    def formatException(self, ei: Any) -> str:  # noqa: N802 (logging's name)
        error = ei[1] if isinstance(ei, tuple) else None
        chain: list[str] = []
        seen: set[int] = set()
        while isinstance(error, BaseException) and id(error) not in seen:
            seen.add(id(error))
            chain.insert(0, _withheld(error))
            error = error.__cause__ or error.__context__
        return "\n\nDuring handling of the above, another exception occurred:\n\n".join(
            chain
        )

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        payload.update(
            {
                key: value
                for key, value in vars(record).items()
                if key not in _STANDARD_ATTRS
            }
        )
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str, ensure_ascii=False)
