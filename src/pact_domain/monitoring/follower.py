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
shared store (:meth:`MonitoringViews.follow`, the ``pact views follow``
command).

As-of views (:meth:`MonitoringViews.as_of`) fold the log filtered on one time
axis into a throw-away in-memory store.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

import attrs
from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, Notification, Tracking
from eventsourcing.popo import POPOApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder

from pact_domain.errors import InvalidValueError
from pact_domain.events import now
from pact_domain.monitoring.axis import TimeAxis, event_time, instant
from pact_domain.monitoring.projector import Projector, ViewChanges
from pact_domain.monitoring.state import MonitoringState
from pact_domain.monitoring.store import (
    DEFAULT_VIEWS_NAME,
    MemoryViewStore,
    SQLiteViewStore,
    ViewStore,
)

__all__ = ["MonitoringViews", "ViewsStatus", "default_view_store"]

_log = logging.getLogger(__name__)

DEFAULT_PAGE_SIZE = 500
"""Notifications read, and applied in one committed batch, at a time."""

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


def default_view_store(
    app: Application[UUID], name: str = DEFAULT_VIEWS_NAME
) -> ViewStore:
    """The view store that fits the application's event store.

    An in-memory store for ``memory:``; for SQLite, the rows table and tracking
    row in the application's own file.  Other stores (PostgreSQL) pass their
    own :class:`~.store.ViewStore` to :class:`MonitoringViews` (the storage
    plugins provide one: ``pact_adapters.views.open_views``).

    Raises:
        InvalidValueError: no built-in view store fits the recorder.
    """
    recorder = app.recorder
    if isinstance(recorder, SQLiteApplicationRecorder):
        store = SQLiteViewStore(recorder.datastore, name)
        store.create_table()
        return store
    if isinstance(recorder, POPOApplicationRecorder):
        return MemoryViewStore(name)
    raise InvalidValueError(
        "MonitoringViews",
        "store",
        f"no built-in view store for a {type(recorder).__name__}; pass "
        "store=... (a ViewStore in the same database as the events)",
    )


class MonitoringViews:
    """The monitoring views of one application, kept in a view store.

    Args:
        app: the application whose notification log the views follow (a
            :class:`~pact_domain.application.PactApplication`, or one opened
            on a shared store by another process).
        store: where the views live; default: :func:`default_view_store`.
        page_size: notifications read and committed per batch.
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
        self._original_notify: Any = None
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
            size = (
                self.page_size
                if limit is None
                else min(self.page_size, limit - consumed)
            )
            after = self.store.position()
            page = self.app.recorder.select_notifications((after or 0) + 1, size)
            if not page:
                break
            try:
                self._apply_page(page, after)
            except IntegrityError:
                conflicts += 1
                if conflicts >= MAX_CONFLICTS:
                    raise
                _log.info("views %s were moved by another follower", self.store.name)
                continue
            conflicts = 0
            consumed += len(page)
            if len(page) < size:
                break
        return consumed

    def _apply_page(self, page: Sequence[Notification], after: int | None) -> None:
        changes = ViewChanges(self.store)
        mapper = self.app.mapper
        projector = self.projector
        for notification in page:
            if projector.handles(notification.topic):
                projector.apply(mapper.to_domain_event(notification), changes)
        self.store.commit(
            changes.changes, Tracking(self.store.name, page[-1].id), after=after
        )

    def rebuild(self) -> int:
        """Forget the views and apply the whole log from its first event.

        Returns:
            How many notifications were consumed.
        """
        self.store.clear()
        return self.catch_up()

    def follow(
        self,
        *,
        poll_interval: float = 1.0,
        max_iterations: int | None = None,
        stop: threading.Event | None = None,
    ) -> int:
        """Catch up, then poll the log every ``poll_interval`` seconds.

        Args:
            poll_interval: seconds to wait between polls.
            max_iterations: stop after this many polls (``None``: until
                ``stop`` is set).
            stop: set it (from another thread or a signal handler) to stop.

        Returns:
            How many notifications were consumed.
        """
        stop = stop or threading.Event()
        consumed = 0
        iterations = 0
        while not stop.is_set():
            consumed += self.catch_up()
            iterations += 1
            if max_iterations is not None and iterations >= max_iterations:
                break
            stop.wait(poll_interval)
        return consumed

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
        if self._original_notify is not None:
            return
        original = self.app._notify

        def notify_then_catch_up(recordings: Any) -> None:
            original(recordings)
            try:
                self.catch_up()
            except Exception:  # the save itself succeeded; views retry later
                _log.exception("monitoring views could not catch up after a save")

        self._original_notify = original
        setattr(self.app, "_notify", notify_then_catch_up)  # noqa: B010

    def detach(self) -> None:
        """Stop catching up after saves."""
        if self._original_notify is not None:
            setattr(self.app, "_notify", self._original_notify)  # noqa: B010
            self._original_notify = None

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
    ) -> MonitoringState:
        """The views as they stood at ``when`` on one time axis.

        The log is folded, from its first event, into a fresh in-memory store,
        keeping only the events whose time on ``axis`` is at or before
        ``when`` (a date means its last instant, UTC).  On the ``recorded``
        axis this is what was known then: corrections recorded later do not
        change it.

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
        store, position = fold(
            self.app,
            lambda e: event_time(e, chosen) <= moment,
            page_size=self.page_size,
            projector=self.projector,
        )
        return MonitoringState(store, at=moment, axis=chosen, position=position)


def fold(
    app: Application[UUID],
    keep: Callable[[Any], bool],
    *,
    page_size: int = DEFAULT_PAGE_SIZE,
    projector: Projector | None = None,
) -> tuple[MemoryViewStore, int]:
    """Fold the whole log, keeping the events ``keep`` accepts, into a new
    in-memory view store; return it and the last notification id read."""
    projector = projector or Projector()
    store = MemoryViewStore()
    start = 1
    last = 0
    while True:
        page = app.recorder.select_notifications(start, page_size)
        if not page:
            break
        changes = ViewChanges(store)
        for notification in page:
            if projector.handles(notification.topic):
                event = app.mapper.to_domain_event(notification)
                if keep(event):
                    projector.apply(event, changes)
        store.commit(
            changes.changes, Tracking(store.name, page[-1].id), after=store.position()
        )
        last = page[-1].id
        start = last + 1
    return store, last
