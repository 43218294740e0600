"""Make the example third-party plugin (``examples/pact-file-notifier``)
visible to this test process without installing it.

``pip install -e examples/pact-file-notifier`` is what its README tells a
partner IT team to do; the project's own test command (README.md) must not
depend on that step.  So, when the distribution is not installed, this puts
its source folder on ``sys.path`` next to a ``.dist-info`` folder written from
the example's own ``pyproject.toml`` (name, version, entry points): that is
all ``importlib.metadata`` — and so pluggy's entry-point discovery — reads of
an installed distribution.
"""

from __future__ import annotations

import sys
import tempfile
import tomllib
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "pact-file-notifier"


def use_example_plugin() -> None:
    """Ensure ``pact-file-notifier`` is importable and discoverable."""
    try:
        distribution("pact-file-notifier")
    except PackageNotFoundError:
        pass
    else:
        return  # installed (for example with pip install -e): use that
    project = tomllib.loads((EXAMPLE / "pyproject.toml").read_text("utf-8"))["project"]
    name, version = project["name"], project["version"]
    site = Path(tempfile.mkdtemp(prefix="pact-example-plugin-"))
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", "utf-8"
    )
    groups = project.get("entry-points", {})
    lines = []
    for group, points in groups.items():
        lines.append(f"[{group}]")
        lines.extend(f"{key} = {value}" for key, value in points.items())
        lines.append("")
    (info / "entry_points.txt").write_text("\n".join(lines), "utf-8")
    sys.path[:0] = [str(EXAMPLE / "src"), str(site)]
    distribution(name)  # fails loudly if the set-up did not take
