"""The routing configuration: which events go to which notifiers (private).

Loaded from a TOML or JSON file; see ``docs/notifications.md``.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping, Sequence
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

import attrs

from pact_adapters.errors import ConfigError

__all__ = ["ChannelConfig", "RetryPolicy", "Route", "RoutingConfig"]

_TOP_KEYS = {"retry", "notifiers", "routes"}
_ROUTE_KEYS = {"events", "notify", "options"}
_RETRY_KEYS = {"attempts", "initial_delay", "multiplier", "max_delay"}


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How often, and how patiently, a channel retries a failed delivery.

    Attempt *n* (from 1) that fails is followed, if ``n < attempts``, by a
    wait of ``min(initial_delay * multiplier ** (n - 1), max_delay)``
    seconds; after the last attempt the message becomes a dead letter.

    Attributes:
        attempts: how many times a message is tried in all (at least 1).
        initial_delay: seconds before the second attempt.
        multiplier: growth of the wait after each failed attempt (>= 1).
        max_delay: the longest wait, in seconds.
    """

    attempts: int = 5
    initial_delay: float = 1.0
    multiplier: float = 2.0
    max_delay: float = 60.0

    def __attrs_post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("attempts must be at least 1")
        if self.initial_delay < 0 or self.max_delay < 0:
            raise ValueError("delays must not be negative")
        if self.multiplier < 1:
            raise ValueError("multiplier must be at least 1")

    def delay(self, attempt: int) -> float:
        """The wait after failed attempt number ``attempt`` (from 1)."""
        return float(
            min(self.initial_delay * self.multiplier ** (attempt - 1), self.max_delay)
        )

    def total_delay(self) -> float:
        """The longest a message can wait before it becomes a dead letter."""
        return sum(self.delay(n) for n in range(1, self.attempts))


@attrs.frozen(kw_only=True)
class ChannelConfig:
    """A configured notifier: a named instance of a notifier type.

    Attributes:
        name: the channel's name (the key under ``[notifiers]``, or the
            notifier type's name for an unconfigured default instance).
        type: the notifier type (a :class:`~pact_adapters.hookspecs.NotifierSpec`
            name, e.g. ``"webhook"``).
        settings: the notifier's settings (its table less ``type`` and
            ``retry``).
        retry: the channel's retry policy.
    """

    name: str
    type: str
    settings: Mapping[str, Any] = attrs.field(factory=dict)
    retry: RetryPolicy = attrs.field(factory=RetryPolicy)


@attrs.frozen(kw_only=True)
class Route:
    """A rule: events whose type matches one of ``events`` go to ``notify``.

    Attributes:
        events: shell-style globs on event types (``"KpiReported"``,
            ``"Member*"``, ``"*"``).
        notify: the channels to notify.
        options: given to the notifier with each message (merged over every
            matching route: lists are joined, other values the first wins),
            e.g. ``{"to": ["kpi-team@example.org"]}`` for e-mail.
    """

    events: tuple[str, ...]
    notify: tuple[str, ...]
    options: Mapping[str, Any] = attrs.field(factory=dict)

    def matches(self, event_type: str) -> bool:
        """Whether an event type matches one of the route's globs."""
        return any(fnmatchcase(event_type, glob) for glob in self.events)


@attrs.frozen(kw_only=True)
class RoutingConfig:
    """Which events go to which notifiers: channels and routes.

    Attributes:
        channels: the channels that routes name, by name.
        routes: the routes, in file order.
        source: where the configuration came from (for messages).
    """

    channels: Mapping[str, ChannelConfig]
    routes: tuple[Route, ...]
    source: str = "<dict>"

    def options_for(self, channel: str, event_type: str) -> Mapping[str, Any] | None:
        """The merged route options of ``channel`` for an event type, or
        ``None`` when no route sends that event type to the channel."""
        merged: dict[str, Any] | None = None
        for route in self.routes:
            if channel not in route.notify or not route.matches(event_type):
                continue
            merged = {} if merged is None else merged
            for key, value in route.options.items():
                if key not in merged:
                    merged[key] = list(value) if isinstance(value, list) else value
                elif isinstance(merged[key], list) and isinstance(value, list):
                    merged[key].extend(v for v in value if v not in merged[key])
        return merged

    @classmethod
    def load(
        cls, path: str | Path, *, known_types: Sequence[str] = ()
    ) -> RoutingConfig:
        """Load a routing configuration from a ``.toml`` or ``.json`` file.

        Args:
            path: the file.
            known_types: the notifier types that exist; default: those the
                plugins register.

        Raises:
            ConfigError: the file cannot be read or parsed, or a value is
                invalid.
        """
        file = Path(path)
        source = str(file)
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as e:
            raise ConfigError(source, "", f"cannot be read: {e.strerror or e}") from e
        try:
            if file.suffix.lower() == ".json":
                data = json.loads(text)
            else:
                data = tomllib.loads(text)
        except (ValueError, tomllib.TOMLDecodeError) as e:
            raise ConfigError(source, "", f"cannot be parsed: {e}") from e
        return cls.from_dict(data, source=source, known_types=known_types)

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        *,
        source: str = "<dict>",
        known_types: Sequence[str] = (),
    ) -> RoutingConfig:
        """Build a routing configuration from parsed TOML/JSON data.

        Raises:
            ConfigError: naming the first invalid value.
        """
        if not known_types:
            from pact_adapters.plugins import notifier_specs

            known_types = list(notifier_specs())
        return _Parser(source, set(known_types)).parse(data)


class _Parser:
    def __init__(self, source: str, known_types: set[str]) -> None:
        self.source = source
        self.known_types = known_types

    def error(self, location: str, reason: str) -> ConfigError:
        return ConfigError(self.source, location, reason)

    def table(self, value: Any, location: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.error(location, f"must be a table, not {value!r}")
        return value

    def strings(self, value: Any, location: str) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v.strip() for v in value)
        ):
            raise self.error(location, "must be a non-empty list of strings")
        return tuple(v.strip() for v in value)

    def unknown(
        self, table: Mapping[str, Any], allowed: set[str], location: str
    ) -> None:
        extra = sorted(set(table) - allowed)
        if extra:
            where = f"{location}." if location else ""
            raise self.error(
                f"{where}{extra[0]}",
                f"unknown key (allowed: {', '.join(sorted(allowed))})",
            )

    def retry(
        self, value: Any, location: str, base: RetryPolicy | None = None
    ) -> RetryPolicy:
        table = self.table(value, location)
        self.unknown(table, _RETRY_KEYS, location)
        base = base or RetryPolicy()
        fields: dict[str, Any] = {}
        for key in _RETRY_KEYS & set(table):
            raw = table[key]
            if isinstance(raw, bool) or not isinstance(raw, int | float):
                raise self.error(f"{location}.{key}", f"must be a number, not {raw!r}")
            if key == "attempts" and not isinstance(raw, int):
                raise self.error(f"{location}.{key}", "must be a whole number")
            fields[key] = raw
        try:
            return attrs.evolve(base, **fields)
        except ValueError as e:
            raise self.error(location, str(e)) from None

    def parse(self, data: Mapping[str, Any]) -> RoutingConfig:
        self.table(data, "")
        self.unknown(data, _TOP_KEYS, "")
        default_retry = (
            self.retry(data["retry"], "retry") if "retry" in data else RetryPolicy()
        )
        configured: dict[str, ChannelConfig] = {}
        notifiers = self.table(data.get("notifiers", {}), "notifiers")
        for name, raw in notifiers.items():
            location = f"notifiers.{name}"
            table = dict(self.table(raw, location))
            kind = table.pop("type", name)
            if not isinstance(kind, str) or kind not in self.known_types:
                known = ", ".join(sorted(self.known_types)) or "none"
                raise self.error(
                    f"{location}.type",
                    f"unknown notifier type {kind!r} (known: {known}); "
                    "install the plugin that provides it",
                )
            retry = (
                self.retry(table.pop("retry"), f"{location}.retry", default_retry)
                if "retry" in table
                else default_retry
            )
            configured[name] = ChannelConfig(
                name=name, type=kind, settings=table, retry=retry
            )
        raw_routes = data.get("routes", [])
        if not isinstance(raw_routes, list):
            raise self.error("routes", "must be an array of tables ([[routes]])")
        routes: list[Route] = []
        channels: dict[str, ChannelConfig] = {}
        for index, raw in enumerate(raw_routes):
            location = f"routes[{index}]"
            route = self.table(raw, location)
            self.unknown(route, _ROUTE_KEYS, location)
            for key in ("events", "notify"):
                if key not in route:
                    raise self.error(f"{location}.{key}", "is required")
            events = self.strings(route["events"], f"{location}.events")
            notify = self.strings(route["notify"], f"{location}.notify")
            options = dict(self.table(route.get("options", {}), f"{location}.options"))
            for name in notify:
                if name in configured:
                    channels[name] = configured[name]
                elif name in self.known_types:
                    channels.setdefault(
                        name, ChannelConfig(name=name, type=name, retry=default_retry)
                    )
                else:
                    raise self.error(
                        f"{location}.notify",
                        f"{name!r} is neither a configured notifier "
                        "([notifiers.NAME]) nor a notifier type",
                    )
            routes.append(Route(events=events, notify=notify, options=options))
        return RoutingConfig(
            channels=channels, routes=tuple(routes), source=self.source
        )
