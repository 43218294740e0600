"""The built-in secret resolver plugin: ``env:NAME`` and ``file:/path``.

Implements :func:`~pact_adapters.hookspecs.pact_resolve_secret` last of all
plugins, so a plugin of your own can take over any reference.
"""

from __future__ import annotations

import os
from pathlib import Path

from pact_adapters.errors import ConfigError
from pact_adapters.hookspecs import hookimpl

__all__ = ["pact_resolve_secret"]


@hookimpl(trylast=True)
def pact_resolve_secret(reference: str) -> str | None:
    """``env:NAME`` → the variable's value; ``file:/path`` → the file's content
    without surrounding whitespace; anything else → ``None`` (not ours)."""
    if reference.startswith("env:"):
        name = reference.removeprefix("env:")
        try:
            return os.environ[name]
        except KeyError:
            raise ConfigError(
                "environment", name, f"the secret {reference!r} is not set"
            ) from None
    if reference.startswith("file:"):
        path = Path(reference.removeprefix("file:"))
        try:
            return path.read_text(encoding="utf-8").strip()
        except OSError as e:
            raise ConfigError(
                str(path), "", f"the secret file cannot be read: {e.strerror or e}"
            ) from e
    return None
