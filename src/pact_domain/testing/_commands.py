"""Histories of real commands, and store watermarks (private; see the package).

A :class:`History` is a sequence of :mod:`pact_domain.commands` instances
(``JoinPartnership(pid, organisation_id=oid, actor="ana")``...), so a whole
history can be generated, printed, shrunk and replayed with
:meth:`~pact_domain.application.PactApplication.handle`.  A
:class:`StoreWatermark` records how far the store has been written, which is
how "a refused command stored nothing" is checked.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any, TypeAlias, overload
from uuid import UUID

import attrs

from pact_domain.application import PactApplication
from pact_domain.commands import Command
from pact_domain.vocabularies import PartnershipStatus

__all__ = [
    "CommandLike",
    "History",
    "StoreWatermark",
    "aggregate_of",
    "apply_history",
    "describe",
    "known_id",
    "run",
    "store_watermark",
]

CommandLike: TypeAlias = Command[Any] | Callable[[PactApplication], Any]
"""Anything that runs one command on an application: a command of
:mod:`pact_domain.commands` (run with
:meth:`~pact_domain.application.PactApplication.handle`) or a plain function
such as ``lambda app: app.join_partnership(...)``."""


def run(app: PactApplication, command: CommandLike) -> Any:
    """Run one command on ``app``: ``app.handle(command)`` for a command,
    ``command(app)`` for a callable; return its result."""
    if isinstance(command, Command):
        return app.handle(command)
    return command(app)


def known_id(value: UUID | None) -> UUID:
    """The id a generated command carries (the toolkit's strategies always
    give the ids a command creates, so a history knows them)."""
    if value is None:
        raise AssertionError("the command carries no id; give one")
    return value


def aggregate_of(command: object) -> UUID | None:
    """The aggregate a command changes (its target field), or creates (its
    ``id``, when given); ``None`` for anything else."""
    if not isinstance(command, Command):
        return None
    spec = type(command).spec()
    value = getattr(command, spec.target_field or "id", None)
    return value if isinstance(value, UUID) else None


def describe(command: object) -> str:
    """A command as a short, valid Python call: ``app.handle(JoinPartnership(
    UUID('…'), organisation_id=UUID('…'), actor='ana'))``, with only the
    fields that differ from their defaults; ``repr`` for anything else."""
    if not isinstance(command, Command):
        return repr(command)
    cls = type(command)
    target = cls.spec().target_field
    args = [] if target is None else [repr(getattr(command, target))]
    fields = attrs.fields(cls)
    # The base fields (actor, effective_at) come first in attrs' order.
    for field in [f for f in fields if f.name not in _BASE] + [
        f for f in fields if f.name in _BASE
    ]:
        value = getattr(command, field.name)
        if field.name == target or (
            field.default is not attrs.NOTHING and value == field.default
        ):
            continue
        args.append(f"{field.name}={_show(value)}")
    return f"app.handle({cls.__name__}({', '.join(args)}))"


_BASE = ("actor", "effective_at")


def _show(value: object) -> str:
    """``repr``, but a vocabulary member as ``Tier.CODE`` (valid Python)."""
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, tuple):
        items = [_show(v) for v in value]
        return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"
    return repr(value)


def _frozen_statuses(
    statuses: Mapping[UUID, PartnershipStatus],
) -> Mapping[UUID, PartnershipStatus]:
    return MappingProxyType(dict(statuses))


def _frozen_versions(versions: Mapping[UUID, int]) -> Mapping[UUID, int]:
    return MappingProxyType(dict(versions))


@attrs.frozen
class History(Sequence[Command[Any]]):
    """A valid sequence of commands and what it leads to.

    It is a sequence of :mod:`pact_domain.commands` instances; apply it with
    :func:`apply_history`.  Hypothesis (and IPython) print it one
    ``app.handle(...)`` call a line.

    Attributes:
        commands: the commands, in order.
        organisation_ids: the organisations the history registers.
        statuses: each partnership the history creates, with the status it has
            after the last command.
    """

    commands: tuple[Command[Any], ...]
    organisation_ids: tuple[UUID, ...] = ()
    statuses: Mapping[UUID, PartnershipStatus] = attrs.field(
        factory=dict, converter=_frozen_statuses
    )

    @property
    def partnership_ids(self) -> tuple[UUID, ...]:
        """The partnerships the history creates, in order of submission."""
        return tuple(self.statuses)

    @overload
    def __getitem__(self, index: int) -> Command[Any]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Command[Any]]: ...

    def __getitem__(self, index: int | slice) -> Command[Any] | Sequence[Command[Any]]:
        return self.commands[index]

    def __len__(self) -> int:
        return len(self.commands)

    def __iter__(self) -> Iterator[Command[Any]]:
        return iter(self.commands)

    def __str__(self) -> str:
        return "\n".join(describe(command) for command in self.commands)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Show as one ``app.handle(...)`` call a line in Hypothesis' output."""
        if cycle:
            printer.text("History(...)")
            return
        printer.text(f"History(  # {len(self.commands)} commands")
        for command in self.commands:
            printer.break_()
            printer.text(f"    {describe(command)},")
        printer.break_()
        printer.text(")")


def apply_history(app: PactApplication, history: Iterable[CommandLike]) -> list[Any]:
    """Run every command of ``history`` on ``app`` in order; return the results.

    Commands run with :meth:`~pact_domain.application.PactApplication.handle`
    (a plain callable is called with ``app``).  Stops at the first refused
    command, whose :class:`~pact_domain.errors.PactError` propagates with a
    note naming the command and its position.
    """
    results: list[Any] = []
    for position, command in enumerate(history):
        try:
            results.append(run(app, command))
        except Exception as error:
            error.add_note(f"while applying command #{position}: {describe(command)}")
            raise
    return results


@attrs.frozen
class StoreWatermark:
    """How far a store was written: its last notification id and the version
    of each aggregate.

    Two equal watermarks taken before and after a command prove that the
    command stored nothing.
    """

    max_notification_id: int
    versions: Mapping[UUID, int] = attrs.field(converter=_frozen_versions)


def store_watermark(
    app: PactApplication, ids: Iterable[UUID] | None = None
) -> StoreWatermark:
    """The watermark of ``app``'s store.

    Args:
        app: the application.
        ids: the aggregates whose versions to record; ``None`` reads every
            aggregate's version from the notification log (fine for test
            stores of a few thousand events).  An id with nothing stored has
            version 0.
    """
    recorder = app.recorder
    max_id = recorder.max_notification_id() or 0
    versions: dict[UUID, int] = {}
    if ids is None:
        start = 1
        while start <= max_id:
            page = recorder.select_notifications(start, 1000)
            if not page:
                break
            for n in page:
                oid = UUID(str(n.originator_id))
                versions[oid] = max(versions.get(oid, 0), n.originator_version)
            start = page[-1].id + 1
    else:
        for oid in ids:
            last = recorder.select_events(oid, desc=True, limit=1)
            versions[oid] = last[0].originator_version if last else 0
    return StoreWatermark(max_id, versions)
