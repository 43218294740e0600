"""pact-file-notifier: append each message as a JSON line to a file.

An example of a third-party pact-domain adapter.  Settings:

``path``
    the file to append to (created if missing; its folder must exist);
``fsync``
    flush each line to disk before returning (default ``true``), so a line
    that was acknowledged survives a crash.

Each line is the message as a CloudEvents 1.0 event (its ``id`` is the
idempotency key).  A failure to write raises, so the follower retries.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pact_adapters.errors import DeliveryError
from pact_adapters.hookspecs import Message, NotifierSpec, hookimpl

__all__ = ["FileNotifier", "pact_register_notifiers"]


class FileNotifier:
    """Appends each message to a file as one line of JSON."""

    def __init__(self, path: str | Path, *, fsync: bool = True) -> None:
        self.path = Path(path)
        self.fsync = fsync

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> FileNotifier:
        """Build from the routing configuration's settings table."""
        unknown = set(settings) - {"path", "fsync"}
        if unknown:
            raise ValueError(f"unknown setting {sorted(unknown)[0]!r}")
        if not isinstance(settings.get("path"), str):
            raise ValueError("setting 'path' (a file path) is required")
        fsync = settings.get("fsync", True)
        if not isinstance(fsync, bool):
            raise ValueError("setting 'fsync' must be true or false")
        return cls(settings["path"], fsync=fsync)

    def deliver(self, message: Message) -> None:
        """Append the message; raise :class:`DeliveryError` if it cannot be
        written."""
        line = json.dumps(message.to_cloudevent(), ensure_ascii=False) + "\n"
        try:
            with self.path.open("a", encoding="utf-8") as file:
                file.write(line)
                file.flush()
                if self.fsync:
                    os.fsync(file.fileno())
        except OSError as e:
            raise DeliveryError(f"cannot append to {self.path}: {e}") from e


@hookimpl
def pact_register_notifiers() -> Iterable[NotifierSpec]:
    """Contribute the ``file`` notifier type."""
    return [
        NotifierSpec(
            name="file",
            description="appends each event as a JSON line to a file",
            factory=FileNotifier.from_settings,
        )
    ]
