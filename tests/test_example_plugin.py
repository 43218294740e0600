"""The example third-party adapter (examples/pact-file-notifier), installed
in the test environment: discovered through its entry point, configured from
a routing file, and passing the conformance kit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pact_file_notifier import FileNotifier
from pact_file_notifier.testing import FileReceiver

from _helpers import register_org
from pact_adapters import plugins
from pact_adapters.notifications import NotificationFollower, RoutingConfig
from pact_adapters.stores import open_application
from pact_adapters.testing import NotifierConformance


@pytest.fixture(autouse=True)
def fresh_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(plugins.PLUGINS_ENV, raising=False)
    monkeypatch.delenv(plugins.DISABLE_AUTOLOAD_ENV, raising=False)
    plugins.reset_plugin_manager()


def test_discovered_through_its_entry_point() -> None:
    """The plugin is found in the pact_adapters group and listed with its
    distribution and version."""
    info = {p.name: p for p in plugins.loaded_plugins()}["file"]
    assert info.distribution == "pact-file-notifier"
    assert info.version == "0.1.0"
    assert not info.builtin
    assert info.hooks == ("pact_register_notifiers",)
    assert "file" in plugins.notifier_specs()


def test_left_out_by_the_allow_list(monkeypatch: pytest.MonkeyPatch) -> None:
    """PACT_PLUGINS without ``file`` leaves it unloaded."""
    monkeypatch.setenv(plugins.PLUGINS_ENV, "")
    assert "file" not in plugins.notifier_specs()


def test_configured_by_name_in_a_routing_file(tmp_path: Path) -> None:
    """A routing file names the plugin's type; every event lands in the file
    as a CloudEvent."""
    out = tmp_path / "events.jsonl"
    config_file = tmp_path / "notify.toml"
    config_file.write_text(
        f'[notifiers.archive]\ntype = "file"\npath = "{out}"\n\n'
        '[[routes]]\nevents = ["*"]\nnotify = ["archive"]\n'
    )
    app = open_application("memory:")
    org = register_org(app)
    follower = NotificationFollower(app, RoutingConfig.load(config_file))
    assert follower.deliver_pending().delivered == {"archive": 1}
    (line,) = out.read_text().splitlines()
    assert json.loads(line)["id"] == f"{org}:1"


class TestFileNotifierConformance(NotifierConformance):
    """The example passes the notifier conformance kit."""

    notifier_type = "file"

    @pytest.fixture
    def receiver(self, tmp_path: Path) -> FileReceiver:
        return FileReceiver(tmp_path / "events.jsonl")

    @pytest.fixture
    def notifier(self, receiver: FileReceiver) -> FileNotifier:
        return FileNotifier.from_settings({"path": str(receiver.path)})
