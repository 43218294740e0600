"""Store URLs are routed to the storage plugin of their scheme."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pact_adapters.errors import StoreUnavailableError, StoreURLError
from pact_adapters.stores import (
    mask_url,
    open_application,
    resolve_store,
    split_store_url,
    store_env,
    store_spec_for_application,
    store_spec_for_url,
)


@pytest.mark.parametrize(
    ("url", "store"),
    [
        ("memory:", "memory"),
        (":memory:", "memory"),
        ("pact.db", "sqlite"),
        ("/var/lib/pact/pact.db", "sqlite"),
        ("C:\\pact\\pact.db", "sqlite"),
        ("sqlite:///pact.db", "sqlite"),
        ("SQLITE:////tmp/pact.db", "sqlite"),
        ("postgresql://db/pact", "postgresql"),
        ("postgres://db/pact", "postgresql"),
    ],
)
def test_urls_are_routed_by_scheme(url: str, store: str) -> None:
    """The scheme picks the store; a plain path is SQLite."""
    assert store_spec_for_url(url).name == store


def test_sqlite_urls_name_files() -> None:
    """``sqlite:///x`` is relative, ``sqlite:////x`` absolute."""
    assert store_env("sqlite:///pact.db")["SQLITE_DBNAME"] == "pact.db"
    assert store_env("sqlite:////tmp/pact.db")["SQLITE_DBNAME"] == "/tmp/pact.db"
    assert store_env("data/pact.db")["SQLITE_DBNAME"] == "data/pact.db"
    assert store_env("memory:") == {"PERSISTENCE_MODULE": "eventsourcing.popo"}


@pytest.mark.parametrize(
    ("url", "match"),
    [
        ("mongodb://db/pact", "no store plugin handles the 'mongodb' scheme"),
        ("sqlite:pact.db", "sqlite:///relative.db"),
        ("sqlite://", "names no file"),
        ("memory:extra", "just 'memory:'"),
        ("   ", "must not be empty"),
    ],
)
def test_bad_urls_say_what_would_work(url: str, match: str) -> None:
    """An unknown scheme or malformed URL is a StoreURLError (a ValueError)."""
    with pytest.raises(StoreURLError, match=match) as info:
        store_env(url)
    assert isinstance(info.value, ValueError)


def test_unknown_scheme_lists_the_known_ones() -> None:
    """The error lists the schemes the installed plugins handle."""
    with pytest.raises(StoreURLError) as info:
        store_spec_for_url("mongodb://db/pact")
    assert "postgresql:" in info.value.reason
    assert "sqlite:" in info.value.reason


def test_split_and_mask() -> None:
    """Scheme splitting and password masking."""
    assert split_store_url("memory:") == ("memory", "")
    assert split_store_url("c:/pact.db") == (None, "c:/pact.db")
    assert mask_url("postgresql://u:p@h/db") == "postgresql://u:***@h/db"
    assert mask_url("postgresql://u@h/db") == "postgresql://u@h/db"


def test_open_application_on_each_embedded_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``open_application`` opens the store its URL names; the default is
    $PACT_STORE, else pact.db; the application's store spec is found back."""
    memory = open_application("memory:")
    assert store_spec_for_application(memory).name == "memory"  # type: ignore[union-attr]
    path = tmp_path / "x.db"
    sqlite = open_application(f"sqlite:///{path}")
    sqlite.register_organisation(
        name="Acme",
        stakeholder_type="vet_provider",
        size="small",
        country="DE",
        actor="t",
    )
    sqlite.close()
    assert path.exists()
    assert store_spec_for_application(open_application(str(path))).name == "sqlite"  # type: ignore[union-attr]
    monkeypatch.setenv("PACT_STORE", "memory:")
    assert resolve_store() == "memory:"
    monkeypatch.delenv("PACT_STORE")
    assert resolve_store(None) == "pact.db"


def test_open_application_passes_extra_settings() -> None:
    """Extra ``eventsourcing`` settings (e.g. compression) reach the app."""
    topic = "eventsourcing.compressor:ZlibCompressor"
    app = open_application("memory:", env={"COMPRESSOR_TOPIC": topic})
    assert app.mapper.compressor is not None


def _truncated_sqlite_file(tmp_path: Path) -> bytes:
    whole = tmp_path / "whole.db"
    with sqlite3.connect(whole) as db:
        db.execute("CREATE TABLE t (x BLOB)")
        db.executemany("INSERT INTO t VALUES (?)", [(b"x" * 500,)] * 100)
    db.close()
    return whole.read_bytes()[:5000]


@pytest.mark.parametrize(
    ("kind", "sqlite_says"),
    [("text", "file is not a database"), ("truncated", "malformed")],
    ids=["text file", "truncated SQLite file"],
)
def test_a_file_that_is_not_a_pact_store_is_refused_unchanged(
    tmp_path: Path, kind: str, sqlite_says: str
) -> None:
    """StoreUnavailableError says the file is not a pact store (and what
    SQLite said); the file is left as it was."""
    text = b"pact events, honestly\n"
    content = text if kind == "text" else _truncated_sqlite_file(tmp_path)
    path = tmp_path / "pact.db"
    path.write_bytes(content)
    with pytest.raises(StoreUnavailableError) as info:
        open_application(str(path))
    assert info.value.reason.startswith("the file is not a pact store")
    assert sqlite_says in info.value.reason
    assert path.read_bytes() == content
