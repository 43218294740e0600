"""The exceptions of pact-adapters.

Every exception the adapters raise on purpose derives from
:class:`PactAdapterError`, and also from the built-in exception that fits it
(``ValueError`` for bad configuration, ``RuntimeError`` for a failing plugin,
``ConnectionError`` for an unreachable store), so callers can catch either.
Errors carry their facts as attributes, and their message says what to do.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ConfigError",
    "DeliveryError",
    "PactAdapterError",
    "PermanentDeliveryError",
    "PluginError",
    "StoreURLError",
    "StoreUnavailableError",
]


class PactAdapterError(Exception):
    """Root of every error raised by pact-adapters."""


class PluginError(PactAdapterError, RuntimeError):
    """A plugin could not be loaded, or one of its hooks failed.

    Attributes:
        plugin: the plugin's name (its entry-point name, e.g. ``"webhook"``).
        distribution: the distribution that installed it (e.g.
            ``"pact-file-notifier"``), or ``None`` if it was registered in code.
        version: that distribution's version, or ``None``.
        hook: the hook that failed (e.g. ``"pact_register_notifiers"``), or
            ``None`` when loading the plugin failed.
        reason: what went wrong, in words.
    """

    def __init__(
        self,
        plugin: str,
        reason: str,
        *,
        distribution: str | None = None,
        version: str | None = None,
        hook: str | None = None,
    ) -> None:
        self.plugin = plugin
        self.distribution = distribution
        self.version = version
        self.hook = hook
        self.reason = reason
        where = f"plugin {plugin!r}"
        if distribution:
            where += f" (distribution {distribution} {version or ''}".rstrip() + ")"
        if hook:
            where += f", hook {hook}"
        remedy = (
            f"; fix or uninstall {distribution}, or leave {plugin!r} out of "
            "PACT_PLUGINS"
            if distribution and distribution != "pact-domain"
            else ""
        )
        super().__init__(f"{where}: {reason}{remedy}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_plugin_error, (self.__dict__,))


def _rebuild_plugin_error(state: dict[str, Any]) -> PluginError:
    return PluginError(
        state["plugin"],
        state["reason"],
        distribution=state["distribution"],
        version=state["version"],
        hook=state["hook"],
    )


class StoreURLError(PactAdapterError, ValueError):
    """A store URL names no known store, or is malformed.

    Attributes:
        url: the URL as given (any password masked).
        reason: what is wrong with it and what would work.
    """

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"store {url!r}: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.url, self.reason))


class StoreUnavailableError(PactAdapterError, ConnectionError):
    """The store named by a URL could not be reached or opened.

    Attributes:
        url: the store URL (any password masked).
        reason: the underlying error, in words.
    """

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"store {url!r} is unavailable: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.url, self.reason))


class ConfigError(PactAdapterError, ValueError):
    """A configuration file or value (routing, notifier settings) is invalid.

    Attributes:
        source: where the configuration came from (a file path, or
            ``"<dict>"``).
        location: the key path of the bad value, e.g. ``"routes[2].events"``.
        reason: the rule broken, in words.
    """

    def __init__(self, source: str, location: str, reason: str) -> None:
        self.source = source
        self.location = location
        self.reason = reason
        where = f"{source}: {location}" if location else source
        super().__init__(f"{where}: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.source, self.location, self.reason))


class DeliveryError(PactAdapterError, RuntimeError):
    """A notifier could not deliver a message; delivering it again may work.

    Notifiers raise it (or any other ``Exception``) from ``deliver``; the
    follower then retries with exponential back-off and, after the last try,
    records a dead letter.

    Attributes:
        reason: what the receiver said or why it could not be reached.
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.reason,))


class PermanentDeliveryError(DeliveryError):
    """A notifier could not deliver a message, and trying again will not help
    (e.g. the receiver rejected it with HTTP 400 or SMTP 550).

    The follower records a dead letter at once, without retrying.
    """
