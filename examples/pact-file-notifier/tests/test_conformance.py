"""The conformance kit, run against the file notifier (as its authors would)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pact_file_notifier import FileNotifier
from pact_file_notifier.testing import FileReceiver

from pact_adapters.testing import NotifierConformance


class TestFileNotifier(NotifierConformance):
    """The file notifier keeps the notifier contract."""

    notifier_type = "file"

    @pytest.fixture
    def receiver(self, tmp_path: Path) -> FileReceiver:
        return FileReceiver(tmp_path / "events.jsonl")

    @pytest.fixture
    def notifier(self, receiver: FileReceiver) -> FileNotifier:
        return FileNotifier.from_settings({"path": str(receiver.path)})
