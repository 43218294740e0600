"""Commands as data, histories, and store watermarks (private; see the package).

A :class:`Command` names one method of
:class:`~pact_domain.application.PactApplication` and its arguments, so a
whole history can be generated, printed, shrunk and replayed.  A
:class:`StoreWatermark` records how far the store has been written, which is
how "a refused command stored nothing" is checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any, overload
from uuid import UUID

import attrs

from pact_domain.application import PactApplication
from pact_domain.vocabularies import PartnershipStatus

__all__ = [
    "Command",
    "CommandLike",
    "History",
    "StoreWatermark",
    "apply_history",
    "store_watermark",
]

CommandLike = Callable[[PactApplication], Any]
"""Anything that runs one command on an application: a :class:`Command` or a
plain function such as ``lambda app: app.join_partnership(...)``."""


def _frozen_kwargs(kwargs: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(kwargs))


def _frozen_statuses(
    statuses: Mapping[UUID, PartnershipStatus],
) -> Mapping[UUID, PartnershipStatus]:
    return MappingProxyType(dict(statuses))


def _frozen_versions(versions: Mapping[UUID, int]) -> Mapping[UUID, int]:
    return MappingProxyType(dict(versions))


@attrs.frozen(repr=False, eq=True, hash=False)
class Command:
    """One call of a :class:`~pact_domain.application.PactApplication` command.

    Args:
        method: the application method, e.g. ``"join_partnership"``.
        target: the aggregate the method takes as its positional argument
            (``partnership_id`` or ``organisation_id``), or ``None`` for the
            commands that create an aggregate.
        kwargs: the keyword arguments, including ``actor``.

    Call it with an application to run it: ``command(app)`` returns what the
    method returns.  Build one with :meth:`call`::

        Command.call("join_partnership", pid, organisation_id=oid, actor="ana")
    """

    method: str = attrs.field()
    target: UUID | None = None
    kwargs: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen_kwargs)

    @method.validator
    def _known(self, _attribute: Any, value: str) -> None:
        if value.startswith("_") or not callable(getattr(PactApplication, value, None)):
            raise ValueError(f"PactApplication has no command {value!r}")

    @classmethod
    def call(cls, method: str, target: UUID | None = None, /, **kwargs: Any) -> Command:
        """Build a command: ``Command.call(method, target, **kwargs)``."""
        return cls(method, target, kwargs)

    def __call__(self, app: PactApplication) -> Any:
        """Run the command on ``app``; return the method's result."""
        fn = getattr(app, self.method)
        if self.target is None:
            return fn(**self.kwargs)
        return fn(self.target, **self.kwargs)

    @property
    def aggregate_id(self) -> UUID | None:
        """The aggregate the command changes or creates (when it is known)."""
        if self.target is not None:
            return self.target
        created = self.kwargs.get("id")
        return created if isinstance(created, UUID) else None

    def with_kwargs(self, **changes: Any) -> Command:
        """A copy with some keyword arguments replaced (or added)."""
        return Command(self.method, self.target, {**self.kwargs, **changes})

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Show as a call in Hypothesis' and IPython's output."""
        printer.text(repr(self))

    def __repr__(self) -> str:
        args = [] if self.target is None else [repr(self.target)]
        args += [f"{k}={v!r}" for k, v in self.kwargs.items()]
        return f"app.{self.method}({', '.join(args)})"


@attrs.frozen
class History(Sequence[Command]):
    """A valid sequence of commands and what it leads to.

    It is a sequence of :class:`Command`; apply it with :func:`apply_history`.

    Attributes:
        commands: the commands, in order.
        organisation_ids: the organisations the history registers.
        statuses: each partnership the history creates, with the status it has
            after the last command.
    """

    commands: tuple[Command, ...]
    organisation_ids: tuple[UUID, ...] = ()
    statuses: Mapping[UUID, PartnershipStatus] = attrs.field(
        factory=dict, converter=_frozen_statuses
    )

    @property
    def partnership_ids(self) -> tuple[UUID, ...]:
        """The partnerships the history creates, in order of submission."""
        return tuple(self.statuses)

    @overload
    def __getitem__(self, index: int) -> Command: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Command]: ...

    def __getitem__(self, index: int | slice) -> Command | Sequence[Command]:
        return self.commands[index]

    def __len__(self) -> int:
        return len(self.commands)

    def __iter__(self) -> Iterator[Command]:
        return iter(self.commands)


def apply_history(app: PactApplication, history: Iterable[CommandLike]) -> list[Any]:
    """Run every command of ``history`` on ``app`` in order; return the results.

    Stops at the first refused command, whose
    :class:`~pact_domain.errors.PactError` propagates with a note naming the
    command and its position.
    """
    results: list[Any] = []
    for position, command in enumerate(history):
        try:
            results.append(command(app))
        except Exception as error:
            error.add_note(f"while applying command #{position}: {command!r}")
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
