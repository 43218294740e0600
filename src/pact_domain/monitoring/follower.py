"""Keeping the monitoring views up to date from the notification log.

:class:`MonitoringViews` pulls the application's notification log in pages
(bounded memory: one page of notifications and one batch of row changes at a
time), applies each event with the :class:`~.projector.Projector`, and
commits the batch's row changes together with the position of its last
notification (an ``eventsourcing`` :class:`~eventsourcing.persistence.Tracking`)
in one atomic :meth:`~.store.ViewStore.commit`.  A follower stopped anywhere —
between pages, or by a crash in the middle of one — resumes after the last
committed position, so it neither skips nor repeats an event.

It pulls rather than subscribes because SQLite's recorder has no
subscriptions; the same loop works on every store.  Run it inside the
embedding application (call :meth:`MonitoringViews.catch_up` after commands,
or pass ``update_after_save=True``) or as a separate process following a
shared store: the follower runner of ``pact_adapters`` (``pact views
follow``) calls :meth:`MonitoringViews.catch_up` a page at a time, retries
transient store faults and stops on a signal.  This module does no I/O of
its own: the store's recorder and the :class:`~.store.ViewStore` do.

A batch is ``page_size`` notifications (5,000 by default; fewer at the end of
the log), read in chunks of at most 500: committing is what costs most per
batch (a transaction, on SQLite a sync of its write-ahead log), and a
batch's row changes are folded in memory first, so a row changed several
times in a batch is written once.  For a store keeping
rows as JSON, the rows of the most frequent events are built from the stored
events' JSON (:data:`~.projector.PLAIN_EVENTS`); events no view handles are
never decoded.

As-of views (:meth:`MonitoringViews.as_of`) fold the log filtered on one time
axis into a throw-away in-memory store — the whole log, or only the events of
the partnerships asked for and of their member organisations.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any, Protocol, runtime_checkable
from uuid import UUID

import attrs
from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.popo import POPOApplicationRecorder

from pact_domain._asof import version_at
from pact_domain.errors import InvalidValueError, NotFoundError
from pact_domain.events import now
from pact_domain.monitoring.axis import TimeAxis, event_time, instant
from pact_domain.monitoring.projector import Projector, ViewChanges
from pact_domain.monitoring.state import MonitoringState
from pact_domain.monitoring.store import (
    DEFAULT_VIEWS_NAME,
    MemoryViewStore,
    ViewStore,
)

__all__ = [
    "MonitoringViews",
    "ViewStoreFactory",
    "ViewsStatus",
    "default_view_store",
]

_log = logging.getLogger(__name__)

DEFAULT_PAGE_SIZE = 5_000
"""Notifications applied in one committed batch (fewer at the end of the log)."""

READ_SIZE = 500
"""Notifications read from the log at a time (at most)."""

MAX_CONFLICTS = 20
"""Consecutive batches another follower may pre-empt before catch-up gives up."""


@attrs.frozen
class ViewsStatus:
    """How far the views are behind the notification log.

    Attributes:
        name: the views' name (their tracking row).
        store: the kind of view store (``memory``, ``sqlite``, ...).
        position: the last notification id the views reflect (0: none).
        head: the last notification id in the log (0: empty log).
        lag: notifications not yet applied.
    """

    name: str
    store: str
    position: int
    head: int
    lag: int


@runtime_checkable
class ViewStoreFactory(Protocol):
    """An ``eventsourcing`` infrastructure factory that also opens view
    stores beside its events (the library's SQLite factory does)."""

    def view_store(self, name: str = DEFAULT_VIEWS_NAME) -> ViewStore:
        """The views ``name`` in the factory's store, ready to use."""


def default_view_store(
    app: Application[UUID], name: str = DEFAULT_VIEWS_NAME
) -> ViewStore:
    """The view store that fits the application's event store.

    The one its infrastructure factory opens, when it is a
    :class:`ViewStoreFactory` (the SQLite store of
    ``pact_adapters.open_application``: a table of the same file); an
    in-memory store for ``memory:``.  Other stores pass their own
    :class:`~.store.ViewStore` (``pact_adapters.views.open_views`` finds the
    one of the store's plugin).

    Raises:
        InvalidValueError: no view store fits the application's store.
    """
    factory = app.factory
    if isinstance(factory, ViewStoreFactory):
        return factory.view_store(name)
    if isinstance(app.recorder, POPOApplicationRecorder):
        return MemoryViewStore(name)
    raise InvalidValueError(
        "MonitoringViews",
        "store",
        f"no view store for a {type(app.recorder).__name__}; pass store=... (a "
        "ViewStore in the same database as the events), or open the views with "
        "pact_adapters.views.open_views(app)",
    )


class MonitoringViews:
    """The monitoring views of one application, kept in a view store.

    Args:
        app: the application whose notification log the views follow (a
            :class:`~pact_domain.application.PactApplication`, or one opened
            on a shared store by another process).
        store: where the views live; default: :func:`default_view_store`.
        page_size: notifications applied in one committed batch (read
            from the log in chunks of at most :data:`READ_SIZE`; the batch's
            row changes are kept in memory until its commit).
        update_after_save: catch up after every save of ``app`` (the hook
            is on this ``app`` object only; see :meth:`detach`).
        clock: the current time, for views evaluated "now".
    """

    def __init__(
        self,
        app: Application[UUID],
        *,
        store: ViewStore | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        update_after_save: bool = False,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        if not isinstance(page_size, int) or page_size < 1:
            raise InvalidValueError(
                "MonitoringViews", "page_size", "must be a positive integer", page_size
            )
        self.app = app
        self.store = store if store is not None else default_view_store(app)
        self.page_size = page_size
        self.projector = Projector()
        self.clock: Callable[[], datetime] = (
            clock if clock is not None else getattr(app, "clock", now)
        )
        self._attached = False
        if update_after_save:
            self.attach()

    # -- following the log ------------------------------------------------------

    def catch_up(self, *, limit: int | None = None) -> int:
        """Apply the notifications recorded after the tracked position.

        Args:
            limit: apply at most this many notifications (``None``: all).

        Returns:
            How many notifications were consumed (applied or ignored).
        """
        consumed = 0
        conflicts = 0
        while limit is None or consumed < limit:
            after = self.store.position()
            try:
                applied, more = self._apply_batch(
                    after, None if limit is None else limit - consumed
                )
            except IntegrityError:
                conflicts += 1
                if conflicts >= MAX_CONFLICTS:
                    raise
                _log.info("views %s were moved by another follower", self.store.name)
                continue
            conflicts = 0
            consumed += applied
            if not more:
                break
        return consumed

    def _apply_batch(
        self, after: int | None, remaining: int | None
    ) -> tuple[int, bool]:
        """Apply up to one batch after position ``after`` and commit it;
        return how many notifications it consumed and whether more may
        follow."""
        store = self.store
        recorder = self.app.recorder
        mapper = self.app.mapper
        changes = ViewChanges(store)
        apply = self.projector.apply_notification
        plain = Projector.plain_for(mapper, store)
        budget = self.page_size if remaining is None else min(self.page_size, remaining)
        start = (after or 0) + 1
        read = 0
        last = 0
        more = True
        while read < budget:
            size = min(READ_SIZE, budget - read)
            page = recorder.select_notifications(start, size)
            for notification in page:
                apply(notification, changes, mapper, plain=plain)
            if page:
                last = page[-1].id
                read += len(page)
                start = last + 1
            if len(page) < size:
                more = False
                break
        if read:
            store.commit(changes.changes, Tracking(store.name, last), after=after)
        return read, more

    def rebuild(self) -> int:
        """Forget the views and apply the whole log from its first event.

        Returns:
            How many notifications were consumed.
        """
        self.store.clear()
        return self.catch_up()

    def status(self) -> ViewsStatus:
        """The tracked position against the head of the log."""
        position = self.store.position() or 0
        head = self.app.recorder.max_notification_id() or 0
        kind = self.store.kind or type(self.store).__name__
        return ViewsStatus(
            name=self.store.name,
            store=kind,
            position=position,
            head=head,
            lag=max(head - position, 0),
        )

    # -- update after each save ---------------------------------------------------

    def attach(self) -> None:
        """Catch up after every save of the application (this object only)."""
        add = getattr(self.app, "add_save_listener", None)
        if add is None:
            raise InvalidValueError(
                "MonitoringViews",
                "update_after_save",
                "needs a PactApplication (one with add_save_listener)",
                type(self.app).__name__,
            )
        add(self._catch_up_after_save)
        self._attached = True

    def detach(self) -> None:
        """Stop catching up after saves."""
        if self._attached:
            self.app.remove_save_listener(  # type: ignore[attr-defined]
                self._catch_up_after_save
            )
            self._attached = False

    def _catch_up_after_save(self, _recordings: Any) -> None:
        try:
            self.catch_up()
        except Exception:  # the save itself succeeded; views retry later
            _log.exception("monitoring views could not catch up after a save")

    # -- reading --------------------------------------------------------------------

    def current(self, *, at: datetime | date | None = None) -> MonitoringState:
        """The views as the store holds them (call :meth:`catch_up` first).

        Args:
            at: the instant that time-dependent figures (on track, overdue)
                are evaluated at; default: the clock's now.
        """
        return MonitoringState(
            self.store,
            at=self.clock() if at is None else instant(at),
            axis=TimeAxis.RECORDED,
            position=self.store.position() or 0,
        )

    def as_of(
        self,
        when: datetime | date | str,
        axis: TimeAxis | str = TimeAxis.RECORDED,
        *,
        partnerships: Iterable[UUID] | None = None,
    ) -> MonitoringState:
        """The views as they stood at ``when`` on one time axis.

        The log is folded, from its first event, into a fresh in-memory store,
        keeping only the events whose time on ``axis`` is at or before
        ``when`` (a date means its last instant, UTC).  On the ``recorded``
        axis this is what was known then: corrections recorded later do not
        change it.

        Args:
            when: the instant (a datetime, a date or an ISO 8601 string).
            axis: ``recorded`` ("what did we know then") or ``effective``
                ("what was true then, as far as we know now").
            partnerships: fold only the events of these partnerships and of
                the organisations that are (or were) their members, read
                aggregate by aggregate instead of the whole log, so the cost
                is proportional to those partnerships' histories.  Their
                views (every view of one partnership, its annual report) are
                the same as the whole log's as of ``when``; the state holds
                no other partnership and no other organisation (a portfolio
                or roll-up of it covers only these).  On the recorded axis
                each aggregate is read up to its last version recorded at or
                before ``when`` (found by a binary search), which relies on an
                aggregate's recording times never decreasing (true of
                commands).  The state's ``position`` is the head of the log
                when the fold started.

        Raises:
            InvalidValueError: an unknown axis or an unreadable instant.
        """
        moment = instant(when)
        try:
            chosen = TimeAxis(axis)
        except ValueError:
            raise InvalidValueError(
                "As of", "axis", "must be 'effective' or 'recorded'", axis
            ) from None
        if partnerships is not None:
            store, position = fold_partnerships(
                self.app,
                partnerships,
                moment,
                chosen,
                page_size=READ_SIZE,
                projector=self.projector,
            )
        else:
            store, position = fold(
                self.app,
                lambda e: event_time(e, chosen) <= moment,
                page_size=READ_SIZE,
                projector=self.projector,
            )
        return MonitoringState(store, at=moment, axis=chosen, position=position)


def fold(
    app: Application[UUID],
    keep: Callable[[Any], bool],
    *,
    page_size: int = READ_SIZE,
    projector: Projector | None = None,
) -> tuple[MemoryViewStore, int]:
    """Fold the whole log, keeping the events ``keep`` accepts, into a new
    in-memory view store; return it and the last notification id read."""
    projector = projector or Projector()
    store = MemoryViewStore()
    topics = projector.topics
    to_event = app.mapper.to_domain_event
    apply = projector.apply
    start = 1
    last = 0
    while True:
        page = app.recorder.select_notifications(start, page_size)
        if not page:
            break
        changes = ViewChanges(store)
        for notification in page:
            if notification.topic in topics:
                event = to_event(notification)
                if keep(event):
                    apply(event, changes)
        store.commit(
            changes.changes, Tracking(store.name, page[-1].id), after=store.position()
        )
        last = page[-1].id
        start = last + 1
        if len(page) < page_size:
            break
    return store, last


def fold_partnerships(
    app: Application[UUID],
    partnership_ids: Iterable[UUID],
    moment: datetime,
    axis: TimeAxis,
    *,
    page_size: int = READ_SIZE,
    projector: Projector | None = None,
) -> tuple[MemoryViewStore, int]:
    """Fold the events of some partnerships, and of the organisations that
    are (or were) their members, at or before ``moment`` on ``axis``, into a
    new in-memory view store; return it and the head of the log.

    Each partnership's rows, and each organisation's, come from its own
    events only, so folding aggregate by aggregate gives the rows the whole
    log's fold gives them (see :meth:`MonitoringViews.as_of`).
    """
    projector = projector or Projector()
    head = app.recorder.max_notification_id() or 0
    store = MemoryViewStore()
    ids = list(dict.fromkeys(partnership_ids))
    for pid in ids:
        _fold_aggregate(app, pid, moment, axis, store, projector, page_size)
    organisations = {
        row.organisation_id for pid in ids for row in store.rows("member", str(pid))
    }
    for oid in sorted(organisations, key=str):
        _fold_aggregate(app, oid, moment, axis, store, projector, page_size)
    if head:
        store.commit({}, Tracking(store.name, head), after=None)
    return store, head


def _fold_aggregate(
    app: Application[UUID],
    aggregate_id: UUID,
    moment: datetime,
    axis: TimeAxis,
    store: MemoryViewStore,
    projector: Projector,
    page_size: int,
) -> None:
    """Apply one aggregate's events at or before ``moment`` on ``axis`` to
    ``store``, a page of its stored events at a time (on the recorded axis,
    only up to the version recorded at or before ``moment``)."""
    last: int | None = None
    if axis is TimeAxis.RECORDED:
        try:
            last = version_at(app, aggregate_id, moment)
        except NotFoundError:
            return
        if last is None:
            return
    recorder = app.recorder
    to_event = app.mapper.to_domain_event
    topics = projector.topics
    apply = projector.apply
    after = 0
    while True:
        stored = recorder.select_events(
            aggregate_id, gt=after, lte=last, limit=page_size
        )
        changes = ViewChanges(store)
        for item in stored:
            if item.topic in topics:
                event = to_event(item)
                if event_time(event, axis) <= moment:
                    apply(event, changes)
        store._write(changes.changes)
        if len(stored) < page_size:
            break
        after = stored[-1].originator_version
