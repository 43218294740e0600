"""Opening an application on a store named by a URL (the CLI's ``--store``).

A store URL's scheme selects the storage plugin that handles it
(:func:`~pact_adapters.hookspecs.pact_register_stores`):

* ``memory:`` — in memory, gone when the process ends;
* ``pact.db``, ``/var/lib/pact/pact.db`` or ``sqlite:///pact.db`` — an SQLite
  file (the default store is ``pact.db`` in the current directory);
* ``postgresql://user@host:5432/dbname?schema=pact`` — PostgreSQL, shared by
  any number of processes on any number of machines.

:func:`open_application` is the one place that wires a store's backend to
the application: the core (:mod:`pact_domain`) opens only ``memory:``, and
every backend (the SQLite factory, recorder and datastore, the PostgreSQL
recorders, view stores, delivery recorders) lives in
:mod:`pact_adapters.storage`, one module per backend.

See ``docs/storage.md``.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import PersistenceError

from pact_adapters.errors import PactAdapterError, StoreUnavailableError, StoreURLError
from pact_adapters.hookspecs import StoreSpec
from pact_adapters.plugins import store_specs
from pact_domain.application import PactApplication
from pact_domain.errors import StoreError
from pact_domain.events import now

__all__ = [
    "DEFAULT_STORE",
    "STORE_ENV_VAR",
    "mask_url",
    "open_application",
    "resolve_store",
    "split_store_url",
    "store_env",
    "store_spec_for_application",
    "store_spec_for_url",
]

DEFAULT_STORE = "pact.db"
"""The embedded default store: an SQLite file in the current directory."""
STORE_ENV_VAR = "PACT_STORE"
"""Environment variable read when no store is given."""


def resolve_store(store: str | Path | None = None) -> str:
    """The store to use: the argument, else ``$PACT_STORE``, else ``pact.db``."""
    if store is not None and str(store).strip():
        return str(store)
    return os.environ.get(STORE_ENV_VAR) or DEFAULT_STORE


def split_store_url(url: str) -> tuple[str | None, str]:
    """Split a store name into its scheme (lowercase) and the rest.

    A name without a scheme (``pact.db``, ``/var/lib/pact.db``,
    ``C:\\pact.db``) is a path: its scheme is ``None``.

    >>> split_store_url("postgresql://db/pact")
    ('postgresql', '//db/pact')
    >>> split_store_url("pact.db")
    (None, 'pact.db')
    """
    name = url.strip()
    head, sep, rest = name.partition(":")
    if (
        sep
        and len(head) > 1
        and head[0].isalpha()
        and all(c.isalnum() or c in "+.-" for c in head)
    ):
        return head.lower(), rest
    return None, name


def mask_url(url: str) -> str:
    """The URL with any password replaced by ``***`` (for messages and logs).

    >>> mask_url("postgresql://pact:s3cret@db:5432/pact")
    'postgresql://pact:***@db:5432/pact'
    """
    scheme, rest = split_store_url(url)
    if scheme and rest.startswith("//") and "@" in rest:
        auth, _, host = rest[2:].rpartition("@")
        if ":" in auth:
            user = auth.split(":", 1)[0]
            return f"{scheme}://{user}:***@{host}"
    return url


def store_spec_for_url(url: str | Path) -> StoreSpec:
    """The store kind that handles a store URL, chosen by its scheme; a plain
    path is for the store that accepts paths (SQLite).

    Raises:
        StoreURLError: no store plugin handles the scheme.
        PluginError: a store plugin failed to register.
    """
    name = str(url)
    if not name.strip():
        raise StoreURLError(name, "a store URL must not be empty")
    scheme, _ = split_store_url(name)
    specs = store_specs()
    if scheme is None:
        if name.strip() == ":memory:" and "memory" in specs:
            return specs["memory"]
        for spec in specs.values():
            if spec.paths:
                return spec
        raise StoreURLError(mask_url(name), "no store plugin accepts plain paths")
    try:
        return specs[scheme]
    except KeyError:
        known = ", ".join(f"{s}:" for s in specs) or "none"
        raise StoreURLError(
            mask_url(name),
            f"no store plugin handles the {scheme!r} scheme (known: {known}); "
            "install the adapter that provides it, or check PACT_PLUGINS",
        ) from None


def store_env(url: str | Path) -> dict[str, str]:
    """The ``eventsourcing`` environment settings for a store URL, built by
    the storage plugin that handles it (nothing is connected).

    Raises:
        StoreURLError: no plugin handles the URL, or it is malformed.
    """
    name = str(url)
    spec = store_spec_for_url(name)
    try:
        return dict(spec.env(name))
    except PactAdapterError:
        raise
    except Exception as e:
        raise StoreURLError(mask_url(name), f"{type(e).__name__}: {e}") from e


def store_spec_for_application(app: Application[Any]) -> StoreSpec | None:
    """The store kind an open application is on (found by its
    ``eventsourcing`` persistence module), or ``None``."""
    module = type(app.factory).__module__
    for spec in store_specs().values():
        if spec.persistence_module == module:
            return spec
    return None


def open_application(
    store: str | Path | None = None,
    *,
    env: Mapping[str, str] | None = None,
    clock: Callable[[], datetime] = now,
) -> PactApplication:
    """Open the application on a store URL: ``memory:``, an SQLite path or
    ``sqlite:///path``, ``postgresql://...``, or any scheme a storage plugin
    adds; no store means ``$PACT_STORE``, else ``pact.db``.

    Args:
        store: the store URL.
        env: further ``eventsourcing`` settings (e.g. ``CIPHER_KEY``), which
            override those from the URL.
        clock: the recording clock (UTC); give a fixed one in tests.

    Raises:
        StoreURLError: the URL names no known store or is malformed.
        StoreUnavailableError: the store could not be reached or opened.
    """
    url = resolve_store(store)
    settings = {**store_env(url), **(env or {})}
    try:
        return PactApplication(env=settings, clock=clock)
    except PersistenceError as e:
        raise StoreUnavailableError(mask_url(url), str(e).strip()) from e
    except StoreError as e:  # SQLite: its cause in words
        raise StoreUnavailableError(mask_url(url), _opening_fault(e)) from e
    except OSError as e:
        raise StoreUnavailableError(mask_url(url), str(e).strip()) from e
    except sqlite3.DatabaseError as e:  # an SQLite store of a plugin's
        raise StoreUnavailableError(
            mask_url(url), f"the file is not a pact store (SQLite: {e})"
        ) from e


def _opening_fault(error: StoreError) -> str:
    """Why an SQLite store could not be opened, for StoreUnavailableError."""
    said = error.__cause__
    sqlite_said = f" (SQLite: {said})" if isinstance(said, sqlite3.Error) else ""
    if error.cause == "not a database":
        return f"the file is not a pact store{sqlite_said}"
    if error.cause == "corrupt":
        return (
            "the file is not a pact store, or a damaged one; restore it from a "
            f"backup{sqlite_said}"
        )
    return error.rule
