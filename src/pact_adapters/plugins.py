"""The plugin manager: finds adapters through entry points and keeps the
registries of stores, notifiers and report formats.

Plugins are loaded once, lazily, the first time anything asks for them
(:func:`get_plugin_manager`), from the entry-point group ``pact_adapters``.
pact-domain's own adapters are entry points of the ``pact-domain``
distribution and are loaded the same way.  Two environment variables control
which third-party plugins load:

``PACT_PLUGINS``
    a comma-separated allow-list of plugin (entry-point) names; when set —
    even to an empty string — only these third-party plugins are loaded.
``PACT_DISABLE_PLUGIN_AUTOLOAD``
    ``1`` (or ``true``/``yes``) loads no third-party plugin at all.

Built-in plugins always load.  A plugin that cannot be imported, that
declares a malformed hook, or whose hook raises produces a
:class:`~pact_adapters.errors.PluginError` naming the plugin and its
distribution.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator
from importlib.metadata import EntryPoint, entry_points
from types import ModuleType
from typing import Any, TypeVar

import attrs
import pluggy

from pact_adapters import hookspecs
from pact_adapters.errors import PactAdapterError, PluginError
from pact_adapters.hookspecs import (
    PROJECT,
    NotifierSpec,
    ReportFormatSpec,
    StoreSpec,
)

__all__ = [
    "BUILTIN_DISTRIBUTION",
    "DISABLE_AUTOLOAD_ENV",
    "ENTRY_POINT_GROUP",
    "PLUGINS_ENV",
    "PluginInfo",
    "get_plugin_manager",
    "loaded_plugins",
    "notifier_specs",
    "register_plugin",
    "report_formats",
    "reset_plugin_manager",
    "resolve_secret",
    "store_specs",
]

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = PROJECT
"""The entry-point group plugins are registered in: ``pact_adapters``."""
BUILTIN_DISTRIBUTION = "pact-domain"
"""The distribution whose plugins are built in (always loaded)."""
PLUGINS_ENV = "PACT_PLUGINS"
"""Environment variable: comma-separated allow-list of third-party plugins."""
DISABLE_AUTOLOAD_ENV = "PACT_DISABLE_PLUGIN_AUTOLOAD"
"""Environment variable: ``1`` loads no third-party plugin."""


@attrs.frozen(kw_only=True)
class PluginInfo:
    """A loaded plugin, as ``pact plugins`` lists it.

    Attributes:
        name: the plugin's name (its entry-point name).
        module: the module (or object) registered.
        distribution: the distribution that installed it, or ``None`` for a
            plugin registered in code (:func:`register_plugin`).
        version: that distribution's version, or ``None``.
        builtin: whether it ships with pact-domain.
        hooks: the hooks it implements, sorted.
    """

    name: str
    module: str
    distribution: str | None
    version: str | None
    builtin: bool
    hooks: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The plugin's description as JSON-ready data."""
        return {
            "name": self.name,
            "module": self.module,
            "distribution": self.distribution,
            "version": self.version,
            "builtin": self.builtin,
            "hooks": list(self.hooks),
        }


@attrs.frozen
class _Origin:
    distribution: str | None
    version: str | None
    builtin: bool


_lock = threading.RLock()
_manager: pluggy.PluginManager | None = None
_origins: dict[str, _Origin] = {}


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on", "y", "t"}


def _allow_list() -> set[str] | None:
    raw = os.environ.get(PLUGINS_ENV)
    if raw is None:
        return None
    return {name.strip() for name in raw.split(",") if name.strip()}


def _dist(ep: EntryPoint) -> tuple[str | None, str | None]:
    dist = ep.dist
    if dist is None:
        return None, None
    return dist.metadata["Name"], dist.version


def _is_builtin(distribution: str | None) -> bool:
    if distribution is None:
        return False
    return distribution.replace("_", "-").lower() == BUILTIN_DISTRIBUTION


def _selected_entry_points() -> list[tuple[EntryPoint, str | None, str | None]]:
    autoload = not _truthy(os.environ.get(DISABLE_AUTOLOAD_ENV))
    allowed = _allow_list()
    chosen: list[tuple[EntryPoint, str | None, str | None]] = []
    seen: set[str] = set()
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        distribution, version = _dist(ep)
        builtin = _is_builtin(distribution)
        if not builtin:
            if not autoload:
                continue
            if allowed is not None and ep.name not in allowed:
                continue
        seen.add(ep.name)
        chosen.append((ep, distribution, version))
    if allowed is not None and autoload:
        for missing in sorted(allowed - seen):
            log.warning(
                "%s names %r, but no installed distribution provides a plugin "
                "of that name",
                PLUGINS_ENV,
                missing,
            )
    # Built-ins first (their hooks then run last), then the others, by name.
    chosen.sort(key=lambda item: (not _is_builtin(item[1]), item[0].name))
    return chosen


def _load(pm: pluggy.PluginManager) -> None:
    for ep, distribution, version in _selected_entry_points():
        try:
            plugin = ep.load()
        except Exception as e:
            raise PluginError(
                ep.name,
                f"cannot be imported ({ep.value}): {type(e).__name__}: {e}",
                distribution=distribution,
                version=version,
            ) from e
        _register(pm, plugin, ep.name, distribution, version)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as e:
        name = pm.get_name(e.plugin) or repr(e.plugin)
        origin = _origins.get(name, _Origin(None, None, False))
        raise PluginError(
            name,
            f"implements an unknown hook: {e}",
            distribution=origin.distribution,
            version=origin.version,
        ) from e


def _register(
    pm: pluggy.PluginManager,
    plugin: object,
    name: str,
    distribution: str | None,
    version: str | None,
) -> None:
    if pm.has_plugin(name):
        other = _origins.get(name, _Origin(None, None, False))
        raise PluginError(
            name,
            "another plugin already has this name (from "
            f"{other.distribution or 'code'}); plugin names must be unique",
            distribution=distribution,
            version=version,
        )
    try:
        pm.register(plugin, name=name)
    except pluggy.PluginValidationError as e:
        raise PluginError(
            name,
            f"declares a malformed hook: {e}",
            distribution=distribution,
            version=version,
        ) from e
    _origins[name] = _Origin(distribution, version, _is_builtin(distribution))


def get_plugin_manager() -> pluggy.PluginManager:
    """The plugin manager, with every selected plugin loaded (once, lazily).

    Raises:
        PluginError: a plugin could not be loaded, or its ``pact_startup``
            hook failed.
    """
    global _manager
    manager = _manager
    if manager is not None:
        return manager
    with _lock:
        if _manager is not None:
            return _manager
        pm = pluggy.PluginManager(PROJECT)
        pm.add_hookspecs(hookspecs)
        _origins.clear()
        _load(pm)
        _manager = pm
        try:
            _call_each(pm, "pact_startup", manager=pm)
        except BaseException:
            _manager = None
            raise
        return pm


def reset_plugin_manager() -> None:
    """Forget the loaded plugins; the next use loads them again (after a
    change of ``PACT_PLUGINS``, in tests)."""
    global _manager
    with _lock:
        _manager = None
        _origins.clear()


def register_plugin(plugin: object, name: str) -> None:
    """Register a plugin object in code (an embedding application's own
    adapters, or a test's), as if an entry point had named it.

    Raises:
        PluginError: the name is taken, or a hook is malformed.
    """
    with _lock:
        _register(get_plugin_manager(), plugin, name, None, None)


def loaded_plugins() -> list[PluginInfo]:
    """Every loaded plugin, built-ins first, with the hooks it implements."""
    pm = get_plugin_manager()
    infos = []
    for name, plugin in pm.list_name_plugin():
        if plugin is None:
            continue
        origin = _origins.get(name, _Origin(None, None, False))
        callers = pm.get_hookcallers(plugin) or []
        module = (
            plugin.__name__
            if isinstance(plugin, ModuleType)
            else f"{type(plugin).__module__}.{type(plugin).__qualname__}"
        )
        infos.append(
            PluginInfo(
                name=name,
                module=module,
                distribution=origin.distribution,
                version=origin.version,
                builtin=origin.builtin,
                hooks=tuple(sorted(c.name for c in callers)),
            )
        )
    infos.sort(key=lambda info: (not info.builtin, info.name))
    return infos


# -- calling hooks --------------------------------------------------------------


def _plugin_error(name: str, hook: str, reason: str) -> PluginError:
    origin = _origins.get(name, _Origin(None, None, False))
    return PluginError(
        name,
        reason,
        distribution=origin.distribution,
        version=origin.version,
        hook=hook,
    )


def _call_each(
    pm: pluggy.PluginManager, hook: str, *, firstresult: bool = False, **kwargs: Any
) -> Iterator[tuple[str, Any]]:
    """Call each implementation of ``hook`` in pluggy's order and yield
    ``(plugin name, result)`` for each result that is not ``None``; a failing
    implementation raises a :class:`PluginError` naming its plugin."""
    caller = getattr(pm.hook, hook)
    results: list[tuple[str, Any]] = []
    for impl in reversed(caller.get_hookimpls()):
        if impl.wrapper or impl.hookwrapper:
            continue
        args = {arg: kwargs[arg] for arg in impl.argnames}
        try:
            result = impl.function(**args)
        except PactAdapterError:
            raise
        except Exception as e:
            raise _plugin_error(
                impl.plugin_name, hook, f"{type(e).__name__}: {e}"
            ) from e
        if result is not None:
            results.append((impl.plugin_name, result))
            if firstresult:
                break
    return iter(results)


T = TypeVar("T", StoreSpec, NotifierSpec, ReportFormatSpec)


def _collect(
    hook: str, kind: type[T], keys: Callable[[T], list[str]]
) -> dict[str, tuple[str, T]]:
    pm = get_plugin_manager()
    registry: dict[str, tuple[str, T]] = {}
    for plugin, specs in _call_each(pm, hook):
        try:
            items = list(specs)
        except TypeError:
            raise _plugin_error(
                plugin, hook, f"must return a list of {kind.__name__}, not {specs!r}"
            ) from None
        for spec in items:
            if not isinstance(spec, kind):
                raise _plugin_error(
                    plugin, hook, f"returned {spec!r}, which is not a {kind.__name__}"
                )
            for key in keys(spec):
                if key in registry:
                    holder = registry[key][0]
                    holder_builtin = _origins.get(holder, _Origin(None, None, False))
                    this_builtin = _origins.get(plugin, _Origin(None, None, False))
                    if holder_builtin.builtin and not this_builtin.builtin:
                        registry[key] = (plugin, spec)  # a third party replaces
                        continue
                    if this_builtin.builtin and not holder_builtin.builtin:
                        continue  # the third party's spec stays
                    raise _plugin_error(
                        plugin,
                        hook,
                        f"{kind.__name__} {key!r} is also provided by plugin "
                        f"{holder!r}; uninstall one of them or leave one out of "
                        f"{PLUGINS_ENV}",
                    )
                registry[key] = (plugin, spec)
    return registry


def store_specs() -> dict[str, StoreSpec]:
    """Every known store kind, by URL scheme."""
    found = _collect("pact_register_stores", StoreSpec, lambda s: list(s.schemes))
    return {scheme: spec for scheme, (_, spec) in sorted(found.items())}


def notifier_specs() -> dict[str, NotifierSpec]:
    """Every known notifier type, by name."""
    found = _collect("pact_register_notifiers", NotifierSpec, lambda s: [s.name])
    return {name: spec for name, (_, spec) in sorted(found.items())}


def report_formats() -> dict[str, ReportFormatSpec]:
    """Every known report output format, by name."""
    found = _collect(
        "pact_register_report_formats", ReportFormatSpec, lambda s: [s.name]
    )
    return {name: spec for name, (_, spec) in sorted(found.items())}


def resolve_secret(value: str) -> str:
    """Resolve a secret reference (``env:NAME``, ``file:/path``, or a plugin's
    own scheme) through :func:`~pact_adapters.hookspecs.pact_resolve_secret`;
    a value no plugin handles is returned as it is.

    Raises:
        ConfigError: the reference names a missing variable or file.
        PluginError: a resolver plugin failed.
    """
    for _, result in _call_each(
        get_plugin_manager(), "pact_resolve_secret", firstresult=True, reference=value
    ):
        return str(result)
    return value
