"""Direction of dependency: pact_domain imports neither pluggy nor pact_adapters,
and the core is free of I/O: it imports no database driver, no thread or
socket machinery, no mail or HTTP client (those live in pact_adapters)."""

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
IO_MODULES = (
    "sqlite3",
    "psycopg",
    "psycopg_pool",
    "threading",
    "socket",
    "smtplib",
    "http",
    "urllib.request",
)
"""Modules the core's own source must not import (eventsourcing, a dependency
of the core, may use them internally)."""
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


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every absolute module an import statement of ``path`` names, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            module = node.module or ""
            found.append((node.lineno, module))
            found.extend((node.lineno, f"{module}.{a.name}") for a in node.names)
    return found


def _is_io(name: str) -> bool:
    return any(name == banned or name.startswith(f"{banned}.") for banned in IO_MODULES)


def test_the_core_imports_no_io_machinery() -> None:
    """No module of pact_domain imports sqlite3, psycopg, psycopg_pool,
    threading, socket, smtplib, http or urllib.request."""
    root = Path(pact_domain.__file__).parent
    offenders = [
        f"{path.relative_to(root)}:{line} {name}"
        for path in sorted(root.rglob("*.py"))
        for line, name in _imports(path)
        if _is_io(name)
    ]
    assert offenders == []


def test_the_io_check_catches_each_banned_import(tmp_path: Path) -> None:
    """The check finds ``import threading``, ``from http import client`` and
    ``from urllib import request`` (a check that finds nothing proves nothing)."""
    module = tmp_path / "m.py"
    module.write_text(
        "import threading\nfrom http import client\nfrom urllib import request\n"
        "from urllib.parse import quote\n",
        encoding="utf-8",
    )
    flagged = [name for _, name in _imports(module) if _is_io(name)]
    assert flagged == ["threading", "http", "http.client", "urllib.request"]


def test_importing_the_core_keeps_its_own_io_modules_unloaded() -> None:
    """In a fresh interpreter, importing pact_domain's public packages loads
    no PostgreSQL driver, SMTP or HTTP client (eventsourcing may load sqlite3
    and threading for itself)."""
    script = textwrap.dedent(
        """
        import json, sys
        import pact_domain, pact_domain.application, pact_domain.monitoring
        import pact_domain.commands, pact_domain.serialization
        loaded = sorted(
            m for m in sys.modules
            if m.split(".")[0] in ("psycopg", "psycopg_pool", "smtplib")
            or m in ("http.client", "urllib.request")
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
