"""Opening an application on a store named by the user (CLI ``--store``)."""

from __future__ import annotations

import os
from pathlib import Path

from pact_domain.application import PactApplication

__all__ = ["DEFAULT_STORE", "STORE_ENV_VAR", "open_application", "resolve_store"]

DEFAULT_STORE = "pact.db"
"""The embedded default store: an SQLite file in the current directory."""
STORE_ENV_VAR = "PACT_STORE"
"""Environment variable read when no store is given."""


def resolve_store(store: str | Path | None = None) -> str:
    """The store to use: the argument, else ``$PACT_STORE``, else ``pact.db``."""
    if store is not None and str(store).strip():
        return str(store)
    return os.environ.get(STORE_ENV_VAR) or DEFAULT_STORE


def open_application(store: str | Path | None = None) -> PactApplication:
    """Open the application on a store name: ``memory:``, a SQLite path or
    ``sqlite:///path``; storage adapters add more schemes."""
    return PactApplication(store=resolve_store(store))
