"""The adapter documentation keeps up with the code: every hook is in
docs/adapters.md with its exact signature (as datasette's docs test does)."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pact_adapters import hookspecs, plugins

DOCS = Path(__file__).resolve().parent.parent / "docs"
ADAPTERS = (DOCS / "adapters.md").read_text(encoding="utf-8")

HOOKS = {
    name: function
    for name, function in vars(hookspecs).items()
    if name.startswith("pact_") and callable(function)
}


def signature(function: Callable[..., Any]) -> str:
    """``def name(arg: type, ...) -> type``, annotations as written."""
    sig = inspect.signature(function)
    params = ", ".join(f"{p.name}: {p.annotation}" for p in sig.parameters.values())
    return f"def {function.__name__}({params}) -> {sig.return_annotation}"


def test_hooks_are_all_specifications() -> None:
    """Every ``pact_`` function of hookspecs is a hook the manager knows."""
    manager = plugins.get_plugin_manager()
    assert HOOKS
    for name in HOOKS:
        assert getattr(manager.hook, name).spec is not None, name


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_hook_is_documented_with_its_exact_signature(name: str) -> None:
    """docs/adapters.md shows the hook's signature, with its marker, as a
    stub (``: ...``) that its documentation test executes."""
    function = HOOKS[name]
    opts = getattr(function, f"{hookspecs.PROJECT}_spec")
    marker = "@hookspec(firstresult=True)" if opts.get("firstresult") else "@hookspec"
    assert f"{marker}\n{signature(function)}: ...\n" in ADAPTERS, (
        f"docs/adapters.md lacks:\n{marker}\n{signature(function)}: ..."
    )


def test_documentation_names_no_hook_that_does_not_exist() -> None:
    """No hook in the docs is missing from the code (renamed, removed)."""
    documented = set(re.findall(r"def (pact_\w+)\(", ADAPTERS))
    assert documented == set(HOOKS)


def test_hooks_are_documented_in_the_code() -> None:
    """Each hook's docstring says what it returns or takes."""
    for name, function in HOOKS.items():
        doc = inspect.getdoc(function) or ""
        assert "Returns:" in doc or "Args:" in doc, name


@pytest.mark.parametrize(
    "text",
    [
        "PACT_PLUGINS",
        "PACT_DISABLE_PLUGIN_AUTOLOAD",
        "pact_adapters",
        "StoreConformance",
        "NotifierConformance",
        "ReportFormatConformance",
        "ViewStoreConformance",
        "pact-file-notifier",
    ],
)
def test_adapter_guide_covers(text: str) -> None:
    """The guide covers the plugin manager's variables, the entry-point
    group, the conformance kit and the example."""
    assert text in ADAPTERS


def test_environment_variable_names_match_the_code() -> None:
    """The variables the docs name are those the manager reads."""
    assert plugins.PLUGINS_ENV == "PACT_PLUGINS"
    assert plugins.DISABLE_AUTOLOAD_ENV == "PACT_DISABLE_PLUGIN_AUTOLOAD"
    assert plugins.ENTRY_POINT_GROUP == "pact_adapters"
