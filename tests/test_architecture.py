"""Direction of dependency: pact_domain imports neither pluggy nor pact_adapters."""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pact_domain

FORBIDDEN = ("pluggy", "pact_adapters")
PYTEST_PLUGIN = "pact_domain.testing.pytest_plugin"
"""Loaded by pytest itself (which imports pluggy), so it is checked statically."""


def _module_names() -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.walk_packages(pact_domain.__path__, "pact_domain.")
    )


def test_every_module_is_found() -> None:
    """The walk finds the domain's modules (guards against an empty check)."""
    names = _module_names()
    for expected in (
        "pact_domain.values",
        "pact_domain.partnership.commitments",
        "pact_domain.application._base",
        "pact_domain.serialization",
    ):
        assert expected in names


def test_importing_pact_domain_loads_neither_pluggy_nor_adapters() -> None:
    """In a fresh interpreter, importing every pact_domain module (but the
    pytest plugin) leaves pluggy and pact_adapters unimported."""
    modules = [name for name in _module_names() if name != PYTEST_PLUGIN]
    script = textwrap.dedent(
        f"""
        import importlib, json, sys
        for name in {modules!r}:
            importlib.import_module(name)
        loaded = sorted(
            m for m in sys.modules
            if m.split(".")[0] in {FORBIDDEN!r}
        )
        print(json.dumps(loaded))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_no_pact_domain_source_imports_pluggy_or_adapters() -> None:
    """No module of pact_domain, the pytest plugin included, names pluggy or
    pact_adapters in an import statement."""
    root = Path(pact_domain.__file__).parent
    offenders: list[str] = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                if name.split(".")[0] in FORBIDDEN:
                    offenders.append(f"{path.relative_to(root)}:{node.lineno} {name}")
    assert offenders == []
