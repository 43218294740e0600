"""The application's foundation: store configuration, command execution with
optimistic concurrency, and generic queries.

The core opens only the in-memory store (``store="memory:"``, the default)
or whatever ``eventsourcing`` environment settings name; the library's SQLite
and PostgreSQL stores are wired by ``pact_adapters.open_application``.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar, TypeVar
from uuid import UUID

from eventsourcing.application import (
    AggregateNotFoundError,
    Application,
    ProcessingEvent,
)
from eventsourcing.domain import MutableOrImmutableAggregate
from eventsourcing.persistence import IntegrityError, Mapper, Recording
from eventsourcing.utils import get_topic

from pact_domain._mapper import EventMapper
from pact_domain.application._batch import (
    Batch,
    current_batch,
    open_batch,
    take_snapshots_from_memory,
)
from pact_domain.commands import Command
from pact_domain.errors import ConcurrencyError, InvalidValueError, NotFoundError
from pact_domain.events import (
    EventMeta,
    PactAggregate,
    PactEvent,
    PactSnapshot,
    now,
    project,
)
from pact_domain.organisation import Organisation
from pact_domain.partnership import Partnership

__all__ = ["MEMORY", "ApplicationBase", "store_env"]

A = TypeVar("A", bound=PactAggregate)
R = TypeVar("R")

MEMORY = "memory:"
"""The store name of the in-memory store (nothing is written anywhere)."""


def store_env(store: str | Path) -> dict[str, str]:
    """The ``eventsourcing`` environment of a store name the core opens.

    Only ``memory:`` (or ``:memory:``): nothing is written anywhere.  Files
    and servers (an SQLite path, ``sqlite:///...``, ``postgresql://...``) are
    opened by ``pact_adapters.open_application``, which wires their backends.

    Raises:
        InvalidValueError: ``store`` is empty or names another store.
    """
    name = str(store).strip()
    if not name:
        raise InvalidValueError("Store", "store", "must not be empty", store)
    if name in (MEMORY, ":memory:"):
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    raise InvalidValueError(
        "Store",
        "store",
        "pact_domain opens only the in-memory store 'memory:'; open an SQLite "
        "file or a PostgreSQL database with "
        f"pact_adapters.open_application({name!r})",
        store,
    )


def _noun(entity: str) -> str:
    """``LibraryResource`` → ``library resource``: an entity in a sentence."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", entity).lower()


def _an(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


class ApplicationBase(Application[UUID]):
    """Store configuration and the command pattern shared by every command."""

    name = "Pact"
    env: ClassVar[dict[str, str]] = {"IS_SNAPSHOTTING_ENABLED": "y"}
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {Partnership: 200}
    snapshotting_projectors: ClassVar[dict[type[Any], Any]] = {
        Partnership: project,
        Organisation: project,
    }
    snapshot_class = PactSnapshot
    command_cache_size: ClassVar[int] = 64
    """How many aggregates the commands keep in memory between them (the
    most recently changed ones); 0 turns the cache off."""
    max_attempts: ClassVar[int] = 8
    retry_delay: ClassVar[float] = 0.005
    """Seconds: the upper bound of the first random wait between retries."""
    """How often a command is retried when another writer got there first."""

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        *,
        store: str | Path | None = None,
        clock: Callable[[], datetime] = now,
    ) -> None:
        """Open the application on a store.

        Args:
            env: ``eventsourcing`` environment settings (override the defaults
                and the process environment).
            store: ``"memory:"`` (see :func:`store_env`); without it and
                without ``env``, the store is ``eventsourcing``'s default (in
                memory, unless ``PERSISTENCE_MODULE`` is set in the process
                environment).  File and server stores: use
                ``pact_adapters.open_application``.
            clock: the recording clock (UTC); give a fixed one in tests.
        """
        settings = dict(env or {})
        if store is not None:
            settings = {**store_env(store), **settings}
        self.clock = clock
        # A plain dict used only through single operations that are atomic
        # under the interpreter's lock (pop, item assignment, deletion of the
        # oldest key), so threads sharing the application need no lock: a
        # checked-out aggregate is popped, so two threads never get the same
        # object, and a lost eviction race only evicts one more aggregate.
        self._command_cache: dict[UUID, PactAggregate] = {}
        self._save_listeners: list[Callable[[list[Recording[UUID]]], None]] = []
        super().__init__(settings)

    def construct_mapper(self) -> Mapper[UUID]:
        return EventMapper(
            compressor=self.factory.compressor(), cipher=self.factory.cipher()
        )

    # -- after each save ------------------------------------------------------

    def add_save_listener(
        self, listener: Callable[[list[Recording[UUID]]], None]
    ) -> None:
        """Call ``listener`` with the recordings of every save of this
        application object, after they are stored (e.g. views that catch up).

        An exception raised by a listener propagates to the caller of the
        save, whose events are stored already.
        """
        if listener not in self._save_listeners:
            self._save_listeners.append(listener)

    def remove_save_listener(
        self, listener: Callable[[list[Recording[UUID]]], None]
    ) -> None:
        """Stop calling ``listener`` after saves (nothing if it was not added)."""
        if listener in self._save_listeners:
            self._save_listeners.remove(listener)

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        super()._notify(recordings)
        for listener in tuple(self._save_listeners):
            listener(recordings)

    # -- batches and saving -----------------------------------------------------

    def batch(self) -> AbstractContextManager[Batch]:
        """Run many commands and store all their events in one transaction.

        >>> with app.batch():  # doctest: +SKIP
        ...     pid = app.submit_expression_of_interest(...)
        ...     for row in rows:
        ...         app.report_kpi(pid, ...)

        Inside the block, commands check their rules against the state the
        earlier commands of the block left (``get_*`` queries see it too), and
        nothing is written; when the block ends every event is stored in one
        transaction, with at most one snapshot per aggregate.  A refused
        command raises at once and changes nothing, so the block may catch it
        and go on; if the block raises, nothing of it is stored.  A nested
        ``batch()`` joins the outer one; ``Batch.flush()`` stores what is
        collected so far.

        Raises:
            ConcurrencyError: when the block ends, if another writer changed an
                aggregate of the batch meanwhile (nothing is stored).
        """
        return open_batch(self)

    def save(
        self,
        *objs: MutableOrImmutableAggregate[UUID] | Any,
        **kwargs: Any,
    ) -> list[Recording[UUID]]:
        """Store the pending events of ``objs`` (in a batch: keep them)."""
        batch = current_batch(self)
        if batch is not None:
            batch.collect(*objs)
            return []
        return super().save(*objs, **kwargs)

    def _take_snapshots(self, processing_event: ProcessingEvent[UUID]) -> None:
        take_snapshots_from_memory(self, processing_event)

    # -- commands -------------------------------------------------------------

    def handle(self, command: Command[R]) -> R:
        """Run one command: the one path every command takes.

        In order: every aggregate the command references must exist; the
        command's own cross-aggregate check runs; the target aggregate (and
        any other it changes) is loaded; the aggregate method checks its rules
        and triggers the events; everything is saved at once.  When another
        writer saved the same aggregate first, the whole path runs again
        (up to :attr:`max_attempts` times, with a jittered back-off).

        Returns what the aggregate method returns: the new id for the
        commands that create or add something, else ``None``.

        Raises:
            InvalidValueError: a value breaks a rule of its vocabulary or format.
            DomainRuleError: the command breaks a rule given the history.
            NotFoundError: a referenced aggregate does not exist (``field``
                names the command's field).
            ConcurrencyError: other writers won every attempt.
        """
        spec = type(command).spec()
        for field, cls in spec.references.items():
            value = getattr(command, field)
            for ref in value if isinstance(value, tuple) else (value,):
                if ref is not None:
                    self.load(cls, ref, field)
        command.check(self)
        meta = EventMeta(
            actor=command.actor,
            effective_at=command.effective_at or command.default_effective_at(),
            recorded_at=self.clock(),
        )
        arguments = command.arguments()
        if spec.target_field is None:
            aggregate = getattr(spec.target, spec.method)(**arguments, meta=meta)
            return self._create(aggregate)  # type: ignore[return-value]
        target_id = getattr(command, spec.target_field)
        loads = {
            keyword: (cls, field, getattr(command, field))
            for field, (keyword, cls) in spec.loads.items()
        }
        method = spec.method

        def call(aggregate: Any, others: Mapping[str, Any]) -> R:
            result: R = getattr(aggregate, method)(**arguments, **others, meta=meta)
            return result

        return self._execute(
            spec.target, target_id, call, field=spec.target_field, loads=loads
        )

    def load(self, cls: type[A], aggregate_id: UUID, field: str = "id") -> A:
        """The current state of one aggregate (in a batch: as the batch left it).

        Raises:
            NotFoundError: nothing of class ``cls`` has this id; the error
                names ``field``.
        """
        return self._get(cls, aggregate_id, field=field)

    def _execute(
        self,
        cls: type[A],
        aggregate_id: UUID,
        call: Callable[[A, Mapping[str, Any]], R],
        *,
        field: str = "id",
        loads: Mapping[str, tuple[type[Any], str, UUID]] | None = None,
    ) -> R:
        """Load, ``call``, save; run again on a concurrent write.

        ``loads`` names other aggregates the call changes too (keyword →
        class, field, id): they are loaded fresh and saved in the same
        transaction.  Outside a batch, a lone aggregate comes from the
        command cache when the last command on it left it there (brought up
        to date with the events recorded since), and goes back into it after
        a successful save; an aggregate whose command or save failed is
        dropped.
        """
        batch = current_batch(self)
        cached = batch is None and not loads
        for attempt in range(self.max_attempts):
            if cached:
                aggregate = self._checkout(cls, aggregate_id, field)
            else:
                aggregate = self._get(cls, aggregate_id, field=field)
            others = {
                keyword: self._get(other, other_id, field=other_field)
                for keyword, (other, other_field, other_id) in (loads or {}).items()
            }
            result = call(aggregate, others)
            try:
                self.save(aggregate, *others.values())
            except IntegrityError:
                if attempt + 1 < self.max_attempts:
                    # Jittered back-off, so competing writers stop colliding.
                    time.sleep(random.uniform(0, self.retry_delay * 2**attempt))
                continue
            if cached:
                self._checkin(aggregate)
            return result
        raise ConcurrencyError(
            f"{cls.ENTITY} {aggregate_id}",
            None,
            f"other writers changed it {self.max_attempts} times in a row; try again",
        )

    def _checkout(self, cls: type[A], aggregate_id: UUID, field: str = "id") -> A:
        """The aggregate for a command: from the command cache if it is
        there (taken out of it, and fast-forwarded), else loaded."""
        cached = self._command_cache.pop(aggregate_id, None)
        if type(cached) is not cls or cached.pending_events:
            return self._get(cls, aggregate_id, field=field)
        newer = self.recorder.select_events(aggregate_id, gt=cached.version)
        if newer:
            project(cached, map(self.mapper.to_domain_event, newer))
        return cached

    def _checkin(self, aggregate: PactAggregate) -> None:
        """Keep a saved aggregate for the next command on it."""
        size = self.command_cache_size
        if size <= 0:
            return
        cache = self._command_cache
        cache.pop(aggregate.id, None)  # re-inserted last: the newest
        cache[aggregate.id] = aggregate
        while len(cache) > size:
            try:
                del cache[next(iter(cache))]  # the oldest
            except (KeyError, RuntimeError, StopIteration):
                break  # another thread evicted it (or changed the dict) first

    def _create(self, aggregate: PactAggregate) -> UUID:
        try:
            self.save(aggregate)
        except IntegrityError:
            raise ConcurrencyError(
                f"{aggregate.ENTITY} {aggregate.id}",
                "id",
                "an aggregate with this id exists",
            ) from None
        return aggregate.id

    # -- queries --------------------------------------------------------------

    def _get(
        self,
        cls: type[A],
        aggregate_id: UUID,
        version: int | None = None,
        *,
        field: str = "id",
    ) -> A:
        batch = current_batch(self) if version is None else None
        pending = batch.get(aggregate_id) if batch is not None else None
        if isinstance(pending, cls):
            return pending
        try:
            aggregate = self.repository.get(
                aggregate_id, version=version, projector_func=project
            )
        except AggregateNotFoundError:
            raise NotFoundError(
                cls.ENTITY, field, f"there is no {_noun(cls.ENTITY)} {aggregate_id}"
            ) from None
        if not isinstance(aggregate, cls):
            raise NotFoundError(
                cls.ENTITY,
                field,
                f"{aggregate_id} is {_an(type(aggregate).__name__)}, "
                f"not {_an(_noun(cls.ENTITY))}",
            )
        if batch is not None:
            batch.collect(aggregate)  # later commands of the batch go on from it
        return aggregate

    def version_at(self, aggregate_id: UUID, when: datetime | date) -> int | None:
        """The aggregate's last version recorded at or before ``when``, or
        ``None`` if nothing of it was recorded by then.

        ``when`` is an aware datetime, or a date meaning the end of that day
        (UTC).  A binary search over the aggregate's versions: each probe reads
        one stored event by its primary key (17 probes for 10^5 events).

        Raises:
            InvalidValueError: ``when`` is naive or not a date/datetime.
            NotFoundError: nothing is recorded under ``aggregate_id``.
        """
        from pact_domain._asof import version_at

        return version_at(self, aggregate_id, when)

    def _get_as_of(
        self, cls: type[A], aggregate_id: UUID, as_of: datetime | date | None
    ) -> A:
        from pact_domain._asof import version_at

        if as_of is None:
            return self._get(cls, aggregate_id)
        try:
            version = version_at(
                self, aggregate_id, as_of, entity=cls.ENTITY, field="as_of"
            )
        except NotFoundError:
            raise NotFoundError(
                cls.ENTITY, "id", f"there is no {_noun(cls.ENTITY)} {aggregate_id}"
            ) from None
        if version is None:
            raise NotFoundError(
                cls.ENTITY,
                "as_of",
                f"{_noun(cls.ENTITY)} {aggregate_id} was not recorded yet at {as_of}",
            )
        return self._get(cls, aggregate_id, version)

    def exists(self, aggregate_id: UUID) -> bool:
        """Whether any aggregate has this id."""
        batch = current_batch(self)
        if batch is not None and batch.get(aggregate_id) is not None:
            return True
        return bool(self.recorder.select_events(aggregate_id, limit=1))

    def history(self, aggregate_id: UUID) -> list[PactEvent]:
        """Every event of one aggregate, oldest first.

        Raises:
            NotFoundError: when nothing was recorded under this id.
        """
        events = list(self.events.get(aggregate_id))
        if not events:
            raise NotFoundError(
                "Aggregate", "id", f"nothing is recorded under {aggregate_id}"
            )
        return events  # type: ignore[return-value]

    def _ids_created_by(self, *created: type[PactEvent]) -> Iterator[UUID]:
        topics = [get_topic(c) for c in created]
        start = 1
        while True:
            page = self.recorder.select_notifications(start, 500, topics=topics)
            if not page:
                return
            for n in page:
                yield n.originator_id  # type: ignore[misc]
            start = page[-1].id + 1
