"""A receiver for the conformance kit: the file, as the kit sees it."""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["FileReceiver"]


class FileReceiver:
    """What got through to the file, and a way to make appending fail (the
    path becomes a directory) and recover."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._parked = path.with_suffix(".parked")

    def received(self) -> list[str]:
        """The ids (idempotency keys) of the lines written, in order."""
        if not self.path.is_file():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line)["id"] for line in lines]

    def fail(self) -> None:
        """Put a directory where the file was: appending then raises."""
        if self.path.exists():
            self.path.rename(self._parked)
        self.path.mkdir()

    def recover(self) -> None:
        """Put the file back."""
        if self.path.is_dir():
            self.path.rmdir()
        if self._parked.exists():
            self._parked.rename(self.path)
