"""The routing configuration: TOML and JSON files, globs, merged route
options, retry policies, and errors that name the bad value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pact_adapters.errors import ConfigError
from pact_adapters.notifications import (
    ChannelConfig,
    NotificationFollower,
    RetryPolicy,
    RoutingConfig,
)
from pact_adapters.stores import open_application

TOML = """
[retry]
attempts = 4
initial_delay = 0.5

[notifiers.partners]
type = "webhook"
url = "https://partners.example.org/pact"
secret = "env:PACT_WEBHOOK_SECRET"
retry = { attempts = 8, max_delay = 30 }

[notifiers.coordinators]
type = "email"
sender = "pact@pact.example"
to = ["support@pact.example"]

[[routes]]
events = ["KpiReported", "KpiReportCorrected"]
notify = ["partners", "log"]

[[routes]]
events = ["Member*"]
notify = ["coordinators"]
options = { to = ["membership@pact.example"] }

[[routes]]
events = ["*"]
notify = ["coordinators"]
options = { to = ["archive@pact.example", "membership@pact.example"] }
"""


@pytest.fixture
def toml_file(tmp_path: Path) -> Path:
    path = tmp_path / "notify.toml"
    path.write_text(TOML)
    return path


def test_toml_file_gives_channels_and_routes(toml_file: Path) -> None:
    """Configured notifiers, default instances and routes are read in order."""
    config = RoutingConfig.load(toml_file)
    assert set(config.channels) == {"partners", "log", "coordinators"}
    partners = config.channels["partners"]
    assert partners.type == "webhook"
    assert partners.settings == {
        "url": "https://partners.example.org/pact",
        "secret": "env:PACT_WEBHOOK_SECRET",
    }
    assert partners.retry == RetryPolicy(attempts=8, initial_delay=0.5, max_delay=30)
    assert config.channels["log"] == ChannelConfig(
        name="log", type="log", retry=RetryPolicy(attempts=4, initial_delay=0.5)
    )
    assert [r.events for r in config.routes] == [
        ("KpiReported", "KpiReportCorrected"),
        ("Member*",),
        ("*",),
    ]
    assert config.source == str(toml_file)


def test_json_file_is_the_same_configuration(toml_file: Path, tmp_path: Path) -> None:
    """JSON with the same structure gives the same configuration."""
    import tomllib

    data = tomllib.loads(TOML)
    json_file = tmp_path / "notify.json"
    json_file.write_text(json.dumps(data))
    from_toml = RoutingConfig.load(toml_file)
    from_json = RoutingConfig.load(json_file)
    assert from_json.channels == from_toml.channels
    assert from_json.routes == from_toml.routes


def test_globs_and_merged_options(toml_file: Path) -> None:
    """A channel gets an event when a route's glob matches; the options of
    every matching route are merged (lists joined without repeats)."""
    config = RoutingConfig.load(toml_file)
    assert config.options_for("partners", "KpiReported") == {}
    assert config.options_for("partners", "MemberJoined") is None
    assert config.options_for("coordinators", "MemberJoined") == {
        "to": ["membership@pact.example", "archive@pact.example"]
    }
    assert config.options_for("coordinators", "KpiReported") == {
        "to": ["archive@pact.example", "membership@pact.example"]
    }
    assert config.options_for("log", "kpireported") is None  # case matters


def test_retry_policy_backs_off_exponentially_up_to_a_cap() -> None:
    """Waits double from the initial delay and stop growing at the cap."""
    policy = RetryPolicy(attempts=6, initial_delay=1, multiplier=2, max_delay=5)
    assert [policy.delay(n) for n in range(1, 6)] == [1, 2, 4, 5, 5]
    assert policy.total_delay() == 17


@pytest.mark.parametrize(
    ("data", "location", "reason"),
    [
        ({"rutes": []}, "rutes", "unknown key"),
        ({"routes": {"events": "*"}}, "routes", "array of tables"),
        ({"routes": [{"notify": ["log"]}]}, "routes[0].events", "required"),
        ({"routes": [{"events": [], "notify": ["log"]}]}, "routes[0].events", "list"),
        ({"routes": [{"events": "*", "notify": ["crm"]}]}, "routes[0].notify", "crm"),
        (
            {"routes": [{"events": "*", "notify": "log", "when": 1}]},
            "routes[0].when",
            "unknown key",
        ),
        ({"notifiers": {"x": {"type": "pigeon"}}}, "notifiers.x.type", "pigeon"),
        ({"retry": {"attempts": 0}}, "retry", "at least 1"),
        ({"retry": {"attempts": 1.5}}, "retry.attempts", "whole number"),
        ({"retry": {"initial_delay": "1s"}}, "retry.initial_delay", "number"),
        (
            {"notifiers": {"log": {"retry": {"tries": 3}}}},
            "notifiers.log.retry.tries",
            "",
        ),
    ],
)
def test_invalid_configuration_names_the_value(
    data: dict[str, object], location: str, reason: str
) -> None:
    """Each mistake is a ConfigError naming where it is and the rule."""
    with pytest.raises(ConfigError) as info:
        RoutingConfig.from_dict(data, source="notify.toml")
    assert info.value.location == location
    assert reason in info.value.reason
    assert str(info.value).startswith(f"notify.toml: {location}: ")


def test_unreadable_and_unparseable_files(tmp_path: Path) -> None:
    """A missing file and bad TOML are ConfigErrors naming the file."""
    with pytest.raises(ConfigError, match="cannot be read"):
        RoutingConfig.load(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[[routes]\n")
    with pytest.raises(ConfigError, match="cannot be parsed") as info:
        RoutingConfig.load(bad)
    assert info.value.source == str(bad)


@pytest.mark.parametrize(
    ("settings", "reason"),
    [
        ({"type": "webhook", "secret": "x"}, "'url' is required"),
        ({"type": "webhook", "url": "ftp://x", "secret": "x"}, "http"),
        (
            {"type": "webhook", "url": "http://x", "secret": "x", "retries": 3},
            "unknown",
        ),
        ({"type": "email", "to": ["a@b.example"]}, "'sender' is required"),
        ({"type": "email", "sender": "pact", "port": "25"}, "'port'"),
        ({"type": "log", "level": "LOUD"}, "logging level"),
    ],
)
def test_bad_notifier_settings_name_the_channel(
    settings: dict[str, object], reason: str
) -> None:
    """A notifier that cannot be built from its settings is a ConfigError
    naming the channel, raised when the follower starts."""
    config = RoutingConfig.from_dict(
        {"notifiers": {"ch": settings}, "routes": [{"events": "*", "notify": "ch"}]}
    )
    with pytest.raises(ConfigError, match=reason) as info:
        NotificationFollower(open_application("memory:"), config)
    assert info.value.location == "notifiers.ch"
