"""The ``log`` notifier: each message as a record of Python ``logging``.

Settings: ``logger`` (default ``"pact.notifications"``) and ``level``
(default ``"INFO"``); a route's ``level`` option overrides the level.
A logger with no handler anywhere up its hierarchy raises
:class:`~pact_adapters.errors.DeliveryError` rather than lose the message:
configure logging first (``pact notify run`` logs to standard error).  The
record carries the message as ``record.pact_message`` (a dict) and its
idempotency key as ``record.idempotency_key``, for structured log handlers.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from pact_adapters.errors import DeliveryError
from pact_adapters.hookspecs import Message, NotifierSpec, hookimpl
from pact_adapters.notifications._settings import Settings
from pact_adapters.notifications._text import summary

__all__ = ["LogNotifier", "pact_register_notifiers"]


def _level(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    level = logging.getLevelName(str(value).upper())
    if not isinstance(level, int):
        raise ValueError(f"unknown logging level {value!r}")
    return level


class LogNotifier:
    """Writes each message to a logger."""

    def __init__(self, logger: str = "pact.notifications", level: Any = "INFO"):
        self.logger = logging.getLogger(logger)
        self.level = _level(level)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> LogNotifier:
        """Build from the settings table (``logger``, ``level``)."""
        s = Settings(settings, {"logger", "level"})
        return cls(
            logger=s.text("logger", "pact.notifications"),
            level=settings.get("level", "INFO"),
        )

    def check(self) -> None:
        """Refuse a logger with no handler anywhere up its hierarchy (the
        follower runner calls this at start-up).

        Raises:
            DeliveryError: the logger has no handler.
        """
        if not self.logger.hasHandlers():
            raise DeliveryError(
                f"logger {self.logger.name!r} has no handler: configure logging "
                "(e.g. logging.basicConfig) or nothing would record the message"
            )

    def deliver(self, message: Message) -> None:
        """Log the message (one line: what happened, where, its key)."""
        level = (
            _level(message.options["level"])
            if "level" in message.options
            else self.level
        )
        if not self.logger.hasHandlers():
            raise DeliveryError(
                f"logger {self.logger.name!r} has no handler: configure logging "
                "(e.g. logging.basicConfig) or nothing would record the message"
            )
        self.logger.log(
            level,
            "%s [%s %s v%d, key %s]",
            summary(message),
            message.event_type,
            message.originator_id,
            message.originator_version,
            message.id,
            extra={"pact_message": message.to_dict(), "idempotency_key": message.id},
        )


@hookimpl
def pact_register_notifiers() -> Iterable[NotifierSpec]:
    """The log notifier."""
    return [
        NotifierSpec(
            name="log",
            description="a Python logging record per event",
            factory=LogNotifier.from_settings,
        )
    ]
