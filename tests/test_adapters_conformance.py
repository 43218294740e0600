"""Every built-in adapter passes the conformance kit it ships
(:mod:`pact_adapters.testing`), against real receivers and a real
PostgreSQL server."""

from __future__ import annotations

import json
import logging
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pact_adapters import plugins
from pact_adapters.hookspecs import ReportFormatSpec, hookimpl
from pact_adapters.notifications.email import EmailNotifier
from pact_adapters.notifications.log import LogNotifier
from pact_adapters.notifications.webhook import WebhookNotifier
from pact_adapters.stores import open_application
from pact_adapters.testing import (
    NotifierConformance,
    ReportFormatConformance,
    SMTPReceiver,
    StoreConformance,
    ViewStoreConformance,
    WebhookReceiver,
    postgres_store,
)

BASE_URL = os.environ.get(
    "PACT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)

# -- stores -------------------------------------------------------------------------


class TestMemoryStore(StoreConformance):
    """``memory:`` keeps the store contract."""

    @pytest.fixture
    def store_url(self) -> str:
        return "memory:"


class TestSQLiteStore(StoreConformance):
    """``sqlite:////abs/path.db`` keeps the store contract."""

    @pytest.fixture
    def store_url(self, tmp_path: Path) -> str:
        return f"sqlite:///{tmp_path}/pact.db"


class TestSQLitePlainPath(StoreConformance):
    """A plain file path is the SQLite store too."""

    @pytest.fixture
    def store_url(self, tmp_path: Path) -> str:
        return str(tmp_path / "plain.db")


class TestPostgresStore(StoreConformance):
    """``postgresql://`` keeps the store contract (real server, own schema)."""

    @pytest.fixture
    def store_url(self) -> Iterator[str]:
        with postgres_store(BASE_URL) as url:
            yield url


# -- view stores --------------------------------------------------------------------


class TestMemoryViewStore(ViewStoreConformance):
    """The in-memory view store keeps the view-store contract."""

    @pytest.fixture
    def view_store(self) -> Any:
        from pact_domain.monitoring import MemoryViewStore

        return MemoryViewStore()


class TestSQLiteViewStore(ViewStoreConformance):
    """The SQLite view store (in the store's file) keeps the contract."""

    @pytest.fixture
    def view_store(self, tmp_path: Path) -> Iterator[Any]:
        from pact_adapters.views import view_store_for

        app = open_application(tmp_path / "pact.db")
        yield view_store_for(app)
        app.close()


class TestPostgresViewStore(ViewStoreConformance):
    """The PostgreSQL view store (in the store's schema) keeps the contract."""

    @pytest.fixture
    def view_store(self) -> Iterator[Any]:
        from pact_adapters.views import view_store_for

        with postgres_store(BASE_URL) as url:
            app = open_application(url)
            yield view_store_for(app)
            app.close()


# -- notifiers ----------------------------------------------------------------------


class LogReceiver(logging.Handler):
    """Collects the idempotency keys of the records a logger emits."""

    def __init__(self, logger: str) -> None:
        super().__init__()
        self.logger = logger
        self.keys: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.keys.append(record.idempotency_key)  # type: ignore[attr-defined]

    def received(self) -> list[str]:
        return list(self.keys)

    def fail(self) -> None:
        """Leave the logger with no handler at all (none propagated to)."""
        logger = logging.getLogger(self.logger)
        logger.removeHandler(self)
        logger.propagate = False

    def recover(self) -> None:
        """Listen again."""
        logging.getLogger(self.logger).addHandler(self)


class TestLogNotifier(NotifierConformance):
    """The log notifier keeps the notifier contract; a logger nobody listens
    to is a failed delivery."""

    notifier_type = "log"

    @pytest.fixture
    def receiver(self) -> Iterator[LogReceiver]:
        name = f"pact.conformance.{uuid.uuid4().hex[:8]}"
        receiver = LogReceiver(name)
        logger = logging.getLogger(name)
        logger.addHandler(receiver)
        logger.setLevel(logging.DEBUG)
        yield receiver
        logger.removeHandler(receiver)
        logger.propagate = True

    @pytest.fixture
    def notifier(self, receiver: LogReceiver) -> LogNotifier:
        return LogNotifier.from_settings({"logger": receiver.logger, "level": "INFO"})


class TestWebhookNotifier(NotifierConformance):
    """The webhook notifier keeps the contract against a real HTTP server
    that answers 500 while failing."""

    notifier_type = "webhook"

    @pytest.fixture
    def receiver(self) -> Iterator[WebhookReceiver]:
        with WebhookReceiver(fail_status=500) as receiver:
            yield receiver

    @pytest.fixture
    def notifier(self, receiver: WebhookReceiver) -> WebhookNotifier:
        return WebhookNotifier.from_settings(
            {"url": receiver.url, "secret": "conformance", "timeout": 5}
        )


class TestEmailNotifier(NotifierConformance):
    """The e-mail notifier keeps the contract against a real SMTP server that
    answers 451 while failing."""

    notifier_type = "email"

    @pytest.fixture
    def receiver(self) -> Iterator[SMTPReceiver]:
        with SMTPReceiver(fail_code=451) as receiver:
            yield receiver

    @pytest.fixture
    def notifier(self, receiver: SMTPReceiver) -> EmailNotifier:
        return EmailNotifier.from_settings(
            {
                "host": receiver.host,
                "port": receiver.port,
                "sender": "pact@pact.example",
                "to": ["coordinators@pact.example"],
                "timeout": 5,
            }
        )


# -- report formats -----------------------------------------------------------------


def _render_json(report: Any, portfolio: Any) -> bytes:
    document = {"report": report, "portfolio": portfolio}
    return json.dumps(document, sort_keys=True, indent=2).encode() + b"\n"


JSON_FORMAT = ReportFormatSpec(
    name="conformance-json",
    extension="json",
    media_type="application/json",
    description="the kit's own check of a registered format",
    render=_render_json,
)


class _FormatPlugin:
    @hookimpl
    def pact_register_report_formats(self) -> list[ReportFormatSpec]:
        return [JSON_FORMAT]


class TestReportFormatKit(ReportFormatConformance):
    """The report-format suite runs against a format registered through a
    plugin (the built-in formats come in a later step and subclass it too)."""

    @pytest.fixture
    def report_format(self) -> Iterator[ReportFormatSpec]:
        plugins.reset_plugin_manager()
        plugins.register_plugin(_FormatPlugin(), "conformance-format")
        yield JSON_FORMAT
        plugins.reset_plugin_manager()
