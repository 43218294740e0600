"""The exceptions of pact-domain.

Every exception the library raises on purpose derives from :class:`PactError`,
and also from the built-in exception that fits it (``ValueError`` for bad
input, ``LookupError`` for a missing entity, ...), so callers can catch either.

Each error carries the facts as attributes — the *entity* concerned, the
*field* and the *rule* broken — and its message says them in words.  A command
that raises stores nothing.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.persistence import MapperDeserialisationError

__all__ = [
    "STORE_FAULTS",
    "ConcurrencyError",
    "DomainRuleError",
    "Entity",
    "InvalidStateError",
    "InvalidValueError",
    "NotFoundError",
    "PactError",
    "StoreError",
    "StoredEventError",
    "ValidationErrors",
    "echo",
]

ECHO_LIMIT = 60
"""The most characters of a given value that a message repeats."""


def echo(value: object, limit: int = ECHO_LIMIT) -> str:
    """``repr(value)`` cut to ``limit`` characters, for error messages: a
    10 MB input never gives a 10 MB message."""
    if isinstance(value, str) and len(value) > 4 * limit:
        value = value[: 4 * limit]
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Entity(str):
    """The name of the entity an error is about — always its class name
    (``"Partnership"``, ``"KpiReport"``, ``"ReportKpi"``) — carrying the id
    of the one concerned, when there is one (:attr:`id`)."""

    id: UUID | None

    def __new__(cls, name: str, id: UUID | None = None) -> Entity:
        named = super().__new__(cls, name)
        named.id = id
        return named

    def __getnewargs__(self) -> tuple[str, UUID | None]:  # type: ignore[override]
        return (str(self), self.id)


class PactError(Exception):
    """Root of every error raised by pact-domain.

    Attributes:
        entity: what the error is about: the class name of the aggregate,
            value object, command or reference record (``"Partnership"``,
            ``"Target"``, ``"ReportKpi"``, ``"Country"``), never with an id.
        entity_id: the id of the aggregate concerned, or ``None``; the
            message ends with it: ``Partnership.kpi_id: ... (Partnership
            6f1c…)``.
        field: the field or argument concerned, or ``None``.
        rule: the rule that was broken, in words.
    """

    def __init__(self, entity: str, field: str | None, rule: str) -> None:
        self.entity = entity
        self.entity_id: UUID | None = getattr(entity, "id", None)
        self.field = field
        self.rule = rule
        super().__init__(self._message())

    def _message(self) -> str:
        where = f"{self.entity}.{self.field}" if self.field else self.entity
        which = f" ({self.entity} {self.entity_id})" if self.entity_id else ""
        return f"{where}: {self.rule}{which}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.entity, self.field, self.rule))


class InvalidValueError(PactError, ValueError):
    """A value given for a field breaks a rule of its vocabulary or format.

    Raised before anything is recorded, e.g. an unknown NUTS code, a free-text
    answer longer than 1,000 characters (handbook Annex A), a target date
    before the baseline year.
    """

    def __init__(
        self, entity: str, field: str | None, rule: str, value: Any = None
    ) -> None:
        self.value = value
        super().__init__(entity, field, rule)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.entity, self.field, self.rule, self.value))


class ValidationErrors(PactError, ValueError):
    """Several values were invalid at once (collected at a boundary).

    Attributes:
        errors: each :class:`InvalidValueError` found, in order.
    """

    def __init__(self, entity: str, errors: list[InvalidValueError]) -> None:
        self.errors = list(errors)
        rules = "; ".join(str(e) for e in self.errors)
        super().__init__(entity, None, f"{len(self.errors)} invalid value(s): {rules}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.entity, self.errors))


class DomainRuleError(PactError, ValueError):
    """A command breaks a rule of the domain given the current history.

    For example a signature by an organisation that is not a member, a KPI
    report for an undefined KPI, or a member joining a declined partnership.
    """


class InvalidStateError(DomainRuleError):
    """The command is not allowed in the entity's current lifecycle state.

    Attributes:
        state: the current state, e.g. ``"declined"``.
    """

    def __init__(self, entity: str, field: str | None, rule: str, state: str) -> None:
        self.state = state
        super().__init__(entity, field, rule)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.entity, self.field, self.rule, self.state))


class NotFoundError(PactError, LookupError):
    """An entity the command refers to does not exist (or not yet)."""


class ConcurrencyError(PactError, RuntimeError):
    """Another writer changed the same aggregate and retries were exhausted."""


class StoreError(PactError, OSError):
    """The store could not be read or written: the disk is full, the file is
    read-only, another connection holds the lock too long, the file is not a
    database, or the disk failed.

    Raised by the SQLite store (events, snapshots, monitoring views,
    notification positions and dead letters) in place of ``sqlite3``'s
    errors, with the cause in words; the ``sqlite3`` error is its
    ``__cause__``.  A write that raises it stored nothing (its transaction
    was rolled back).  It is an ``OSError``, as the faults are the
    machine's, not the command's.

    Attributes:
        store: the store concerned (the SQLite file's path).
        cause: the kind of fault, one of :data:`STORE_FAULTS`.
        code: SQLite's error name (e.g. ``"SQLITE_FULL"``,
            ``"SQLITE_IOERR_WRITE"``), or ``None`` when the library found the
            fault itself before SQLite did (a file that is not writable).
    """

    def __init__(
        self, store: str, cause: str, rule: str, code: str | None = None
    ) -> None:
        self.store = store
        self.cause = cause
        self.code = code
        super().__init__(f"Store {store!r}", None, f"{cause}: {rule}")

    def __reduce__(self) -> tuple[Any, ...]:
        rule = self.rule.removeprefix(f"{self.cause}: ")
        return (type(self), (self.store, self.cause, rule, self.code))


STORE_FAULTS = (
    "disk full",
    "read-only",
    "locked",
    "not a database",
    "corrupt",
    "cannot open",
    "I/O error",
)
"""The values of :attr:`StoreError.cause`."""


class StoredEventError(PactError, MapperDeserialisationError, ValueError):
    """A stored event cannot be read back: the store is damaged.

    Raised by the event mapper when an event's stored JSON cannot be decoded,
    its topic names no event class, or a stored field has the wrong type or is
    missing.  Nothing is repaired or skipped: the aggregate (or the
    notification log) cannot be read past this event.  It is also an
    ``eventsourcing`` ``MapperDeserialisationError``.

    Attributes:
        originator_id: the id of the aggregate the event belongs to.
        originator_version: the event's version in that aggregate.
        topic: the event's stored topic (its type).
        reason: what could not be read, in words.
        notification_id: the event's position in the notification log, when
            it was read from the log (else ``None``).
    """

    def __init__(
        self,
        originator_id: UUID | str,
        originator_version: int,
        topic: str,
        reason: str,
        notification_id: int | None = None,
    ) -> None:
        self.originator_id = originator_id
        self.originator_version = originator_version
        self.topic = topic
        self.reason = reason
        self.notification_id = notification_id
        where = f"notification {notification_id}, " if notification_id else ""
        super().__init__(
            f"Stored event {originator_id} v{originator_version} "
            f"({where}topic {topic})",
            None,
            f"cannot be read: {reason}",
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            type(self),
            (
                self.originator_id,
                self.originator_version,
                self.topic,
                self.reason,
                self.notification_id,
            ),
        )
