"""The plugin manager: entry-point discovery, selection, registries and the
clear errors of failing plugins (with real distributions on ``sys.path``)."""

from __future__ import annotations

import importlib
import json
import sys
import tomllib
import uuid
from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path

import pytest

from pact_adapters import plugins
from pact_adapters.cli import main
from pact_adapters.errors import ConfigError, PluginError
from pact_adapters.hookspecs import NotifierSpec, hookimpl

ROOT = Path(__file__).resolve().parent.parent

Install = Callable[..., str]


@pytest.fixture(autouse=True)
def fresh_plugins(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test loads the plugins anew, with no selection variables set."""
    monkeypatch.delenv(plugins.PLUGINS_ENV, raising=False)
    monkeypatch.delenv(plugins.DISABLE_AUTOLOAD_ENV, raising=False)
    plugins.reset_plugin_manager()
    yield
    plugins.reset_plugin_manager()


@pytest.fixture
def install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Install]:
    """Install a throw-away distribution (metadata and modules on
    ``sys.path``) whose entry points are in the ``pact_adapters`` group;
    returns the plugin module's unique name."""
    modules: list[str] = []

    def _install(source: str, *, name: str = "plugin", dist: str = "acme-pact") -> str:
        module = f"acme_{uuid.uuid4().hex[:10]}"
        root = tmp_path / module
        info = root / f"{dist.replace('-', '_')}-1.2.3.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.2.3\n"
        )
        (info / "entry_points.txt").write_text(f"[pact_adapters]\n{name} = {module}\n")
        (root / f"{module}.py").write_text(source)
        monkeypatch.syspath_prepend(str(root))
        importlib.invalidate_caches()
        modules.append(module)
        return module

    yield _install
    for module in modules:
        sys.modules.pop(module, None)


NOTIFIER = """
from pact_adapters.hookspecs import NotifierSpec, hookimpl

class Crm:
    def __init__(self, settings):
        self.settings = settings
    def deliver(self, message):
        pass

@hookimpl
def pact_register_notifiers():
    return [NotifierSpec(name="crm", description="a CRM", factory=Crm)]
"""


def test_builtin_adapters_are_the_entry_points_of_our_pyproject() -> None:
    """Every built-in adapter is loaded from pact-domain's own entry points
    (an out-of-date install shows up here: run pip install -e .)."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "entry-points"
    ]["pact_adapters"]
    builtins = {p.name: p for p in plugins.loaded_plugins() if p.builtin}
    assert set(builtins) == set(declared)
    for name, info in builtins.items():
        assert info.module == declared[name]
        assert info.distribution == "pact-domain"
        assert info.version == version("pact-domain")
        assert info.hooks


def test_plugins_are_loaded_once() -> None:
    """The manager is built on first use and then reused."""
    assert plugins.get_plugin_manager() is plugins.get_plugin_manager()


def test_builtin_registries() -> None:
    """The built-ins provide the memory, SQLite and PostgreSQL stores and the
    log, webhook and e-mail notifiers."""
    stores = plugins.store_specs()
    assert {"memory", "sqlite", "postgresql", "postgres"} <= set(stores)
    assert {"log", "webhook", "email"} <= set(plugins.notifier_specs())
    assert stores["postgres"] is stores["postgresql"]


def test_third_party_plugin_is_discovered_through_its_entry_point(
    install: Install,
) -> None:
    """An installed distribution's plugin is loaded and listed with its
    distribution, version and hooks."""
    module = install(NOTIFIER, name="crm")
    assert "crm" in plugins.notifier_specs()
    info = {p.name: p for p in plugins.loaded_plugins()}["crm"]
    assert (info.module, info.distribution, info.version) == (
        module,
        "acme-pact",
        "1.2.3",
    )
    assert info.hooks == ("pact_register_notifiers",)
    assert not info.builtin


def test_allow_list_selects_third_party_plugins(
    install: Install, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PACT_PLUGINS loads only the third-party plugins it names; built-ins
    always load."""
    install(NOTIFIER, name="crm")
    monkeypatch.setenv(plugins.PLUGINS_ENV, "something-else")
    names = {p.name for p in plugins.loaded_plugins()}
    assert "crm" not in names
    assert {"sqlite", "webhook"} <= names
    plugins.reset_plugin_manager()
    monkeypatch.setenv(plugins.PLUGINS_ENV, " crm ,other")
    assert "crm" in {p.name for p in plugins.loaded_plugins()}


def test_empty_allow_list_loads_no_third_party_plugin(
    install: Install, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PACT_PLUGINS set to nothing loads the built-ins alone."""
    install(NOTIFIER, name="crm")
    monkeypatch.setenv(plugins.PLUGINS_ENV, "")
    assert all(p.builtin for p in plugins.loaded_plugins())


def test_autoload_can_be_disabled(
    install: Install, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PACT_DISABLE_PLUGIN_AUTOLOAD=1 loads no third-party plugin, even one the
    allow-list names; built-ins still load."""
    install(NOTIFIER, name="crm")
    monkeypatch.setenv(plugins.DISABLE_AUTOLOAD_ENV, "1")
    monkeypatch.setenv(plugins.PLUGINS_ENV, "crm")
    loaded = plugins.loaded_plugins()
    assert all(p.builtin for p in loaded)
    assert "sqlite" in {p.name for p in loaded}


def test_a_plugin_that_cannot_be_imported_is_named(install: Install) -> None:
    """An import error becomes a PluginError naming the plugin, its
    distribution and version, and saying what to do."""
    install("import pact_no_such_module\n", name="broken", dist="acme-broken")
    with pytest.raises(PluginError) as info:
        plugins.get_plugin_manager()
    error = info.value
    assert (error.plugin, error.distribution, error.version, error.hook) == (
        "broken",
        "acme-broken",
        "1.2.3",
        None,
    )
    assert "ModuleNotFoundError" in str(error)
    assert "PACT_PLUGINS" in str(error)
    assert "\n" not in str(error)


def test_a_failing_hook_is_named(install: Install) -> None:
    """An exception in a hook becomes a PluginError naming plugin and hook."""
    install(
        "from pact_adapters.hookspecs import hookimpl\n"
        "@hookimpl\n"
        "def pact_register_stores():\n"
        "    raise RuntimeError('licence server down')\n",
        name="flaky",
    )
    with pytest.raises(PluginError, match="licence server down") as info:
        plugins.store_specs()
    assert info.value.hook == "pact_register_stores"
    assert info.value.plugin == "flaky"
    assert info.value.distribution == "acme-pact"


def test_a_hook_returning_the_wrong_thing_is_named(install: Install) -> None:
    """A register hook must return specs of its kind."""
    install(
        "from pact_adapters.hookspecs import hookimpl\n"
        "@hookimpl\n"
        "def pact_register_notifiers():\n"
        "    return ['crm']\n",
        name="sloppy",
    )
    with pytest.raises(PluginError, match="not a NotifierSpec"):
        plugins.notifier_specs()


def test_a_misspelt_hook_is_refused(install: Install) -> None:
    """A ``pact_`` function marked as a hook that no spec declares is an
    error, not silently ignored."""
    install(
        "from pact_adapters.hookspecs import hookimpl\n"
        "@hookimpl\n"
        "def pact_register_notifier():\n"
        "    return []\n",
        name="typo",
    )
    with pytest.raises(PluginError, match="unknown hook") as info:
        plugins.get_plugin_manager()
    assert info.value.plugin == "typo"


def test_a_hook_with_a_wrong_argument_is_refused(install: Install) -> None:
    """A hook implementation asking for an argument the spec lacks."""
    install(
        "from pact_adapters.hookspecs import hookimpl\n"
        "@hookimpl\n"
        "def pact_resolve_secret(reference, vault):\n"
        "    return None\n",
        name="vaulty",
    )
    with pytest.raises(PluginError, match="malformed hook"):
        plugins.get_plugin_manager()


def test_two_third_parties_claiming_one_name_is_an_error(install: Install) -> None:
    """Two plugins providing the same notifier type: which one is meant?"""
    install(NOTIFIER, name="crm1", dist="acme-one")
    install(NOTIFIER, name="crm2", dist="acme-two")
    with pytest.raises(PluginError, match="also provided by plugin"):
        plugins.notifier_specs()


def test_a_third_party_may_replace_a_builtin(install: Install) -> None:
    """A third-party spec with a built-in's name replaces the built-in."""
    install(NOTIFIER.replace('name="crm"', 'name="log"'), name="betterlog")
    assert plugins.notifier_specs()["log"].description == "a CRM"


def test_plugins_registered_in_code() -> None:
    """An embedding application registers its own adapter objects."""

    class Inline:
        @hookimpl
        def pact_register_notifiers(self) -> list[NotifierSpec]:
            return [
                NotifierSpec(name="inline", description="in code", factory=dict)  # type: ignore[arg-type]
            ]

    plugins.register_plugin(Inline(), "inline")
    assert "inline" in plugins.notifier_specs()
    info = {p.name: p for p in plugins.loaded_plugins()}["inline"]
    assert info.distribution is None
    with pytest.raises(PluginError, match="already has this name"):
        plugins.register_plugin(Inline(), "inline")


def test_startup_hook_runs_once_after_loading(install: Install) -> None:
    """``pact_startup`` gets the manager once every plugin is registered; an
    error in it names the plugin."""
    module = install(
        "from pact_adapters.hookspecs import hookimpl\n"
        "calls = []\n"
        "@hookimpl\n"
        "def pact_startup(manager):\n"
        "    calls.append(manager.has_plugin('sqlite'))\n",
        name="watcher",
    )
    pm = plugins.get_plugin_manager()
    plugins.get_plugin_manager()
    assert sys.modules[module].calls == [True]
    assert pm.has_plugin("watcher")


def test_failing_startup_hook_is_named(install: Install) -> None:
    """A plugin refusing to start is a PluginError naming it."""
    install(
        "from pact_adapters.hookspecs import hookimpl\n"
        "@hookimpl\n"
        "def pact_startup(manager):\n"
        "    raise ValueError('ACME_CRM_URL is not set')\n",
        name="strict",
    )
    with pytest.raises(PluginError, match="ACME_CRM_URL") as info:
        plugins.get_plugin_manager()
    assert info.value.hook == "pact_startup"


def test_secrets_resolve_from_env_and_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``env:`` and ``file:`` references are resolved; other values are used
    as they are; a missing variable is a ConfigError."""
    monkeypatch.setenv("PACT_TEST_SECRET", "s3cret")
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text("from-file\n")
    assert plugins.resolve_secret("env:PACT_TEST_SECRET") == "s3cret"
    assert plugins.resolve_secret(f"file:{secret_file}") == "from-file"
    assert plugins.resolve_secret("plain-value") == "plain-value"
    with pytest.raises(ConfigError, match="PACT_NO_SUCH_SECRET"):
        plugins.resolve_secret("env:PACT_NO_SUCH_SECRET")


def test_a_secret_resolver_plugin_answers_first(install: Install) -> None:
    """A plugin's resolver handles its own scheme (first answer wins)."""
    install(
        "from pact_adapters.hookspecs import hookimpl\n"
        "@hookimpl\n"
        "def pact_resolve_secret(reference):\n"
        "    if reference.startswith('vault:'):\n"
        "        return 'from-vault-' + reference[6:]\n",
        name="vault",
    )
    assert plugins.resolve_secret("vault:webhook") == "from-vault-webhook"
    assert plugins.resolve_secret("other") == "other"


def test_pact_plugins_lists_plugins_distributions_and_hooks(
    install: Install, capsys: pytest.CaptureFixture[str]
) -> None:
    """``pact plugins`` shows each plugin's distribution, version and hooks,
    and what the registries hold."""
    install(NOTIFIER, name="crm")
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    assert "crm" in out
    assert "acme-pact" in out
    assert "1.2.3" in out
    assert "register_notifiers" in out
    assert "postgresql:" in out
    assert main(["plugins", "--json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    crm = next(r for r in records if r["name"] == "crm")
    assert crm["distribution"] == "acme-pact"
    assert crm["hooks"] == ["pact_register_notifiers"]


def test_cli_reports_a_broken_plugin_in_one_line(
    install: Install, capsys: pytest.CaptureFixture[str]
) -> None:
    """A broken plugin makes ``pact`` fail with one clear line, no traceback."""
    install("raise ImportError('needs acme-sdk')\n", name="broken", dist="acme-x")
    assert main(["plugins"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("pact: error: plugin 'broken' (distribution acme-x 1.2.3)")
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
