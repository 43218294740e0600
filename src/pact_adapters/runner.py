"""One runner for every follower of the notification log.

A *follower* is anything that follows the store's notification log from a
position it tracks in the store, and commits its work with its new position
(``eventsourcing``'s tracking model): the monitoring views
(:class:`ViewsFollower`) and each notification channel
(:class:`ChannelFollower`).  :class:`FollowerRunner` runs any number of them:

* each follower has its own thread, its own position and its own back-off,
  so a slow or failing one (a webhook whose receiver is down) never delays
  another;
* a follower pulls the log in pages (:meth:`Follower.step`: at most one
  page, committed with its position), and waits ``poll_interval`` seconds
  when it reached the end of the log;
* a transient store fault (:func:`is_transient`: SQLite busy or locked, a
  dropped PostgreSQL connection, a failover) is logged and retried with
  bounded exponential back-off and full jitter (:class:`Backoff`) instead
  of ending the run; any other error stops every follower and is raised;
* :meth:`Follower.check` runs for every follower before the first page, so a
  configuration mistake (a log channel whose logger has no handler) fails at
  start-up with its message instead of being retried;
* :func:`stop_on_signals` turns SIGTERM and SIGINT into a clean stop (the
  page in hand is committed or not at all: a restart neither skips nor
  repeats an event).

``pact views follow`` and ``pact notify run`` are this runner; their
``status`` actions report each follower's lag (:class:`FollowerStatus`).
"""

from __future__ import annotations

import logging
import random
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

import attrs
from eventsourcing.persistence import (
    IntegrityError,
    InterfaceError,
    OperationalError,
    PersistenceError,
)

from pact_adapters.errors import StoreUnavailableError
from pact_domain.errors import StoreError
from pact_domain.monitoring import MonitoringViews

__all__ = [
    "Backoff",
    "ChannelFollower",
    "Follower",
    "FollowerRunner",
    "FollowerStatus",
    "RunReport",
    "ViewsFollower",
    "is_transient",
    "stop_on_signals",
]

log = logging.getLogger("pact_adapters.runner")

TRANSIENT_STORE_CAUSES = frozenset({"locked"})
"""The :attr:`StoreError.cause` values that a later attempt may not meet."""


def is_transient(error: BaseException) -> bool:
    """Whether a store fault may pass if tried again later.

    Transient: SQLite busy or locked (a :class:`StoreError` with cause
    ``locked``), a connection that dropped or could not be made
    (``eventsourcing``'s ``OperationalError`` and ``InterfaceError``, which
    wrap psycopg's; :class:`ConnectionError`, :class:`StoreUnavailableError`),
    a position moved by another follower (``IntegrityError``: the batch is
    computed again).  Anything else — a full disk, a corrupt file, a
    configuration mistake, a bug — is not.
    """
    if isinstance(error, StoreError):
        return error.cause in TRANSIENT_STORE_CAUSES
    if isinstance(error, IntegrityError):
        return True
    if isinstance(error, OperationalError | InterfaceError):
        return True
    if isinstance(error, StoreUnavailableError | ConnectionError | TimeoutError):
        return True
    if isinstance(error, PersistenceError):
        cause = error.__cause__
        return cause is not None and is_transient(cause)
    name = type(error).__module__.split(".")[0]
    if name in ("psycopg", "psycopg_pool"):  # raised outside eventsourcing's wrap
        return type(error).__name__ in (
            "OperationalError",
            "InterfaceError",
            "PoolTimeout",
            "TooManyRequests",
        )
    return False


@attrs.frozen
class Backoff:
    """Bounded exponential back-off with full jitter.

    After failure *n* (from 1) in a row, the wait is a random number of
    seconds between ``0`` and ``min(initial * factor ** (n - 1), maximum)``
    ("full jitter": followers that failed together do not retry together).

    Raises:
        ValueError: a negative delay or a factor below 1.
    """

    initial: float = 0.05
    factor: float = 2.0
    maximum: float = 5.0

    def __attrs_post_init__(self) -> None:
        if self.initial < 0 or self.maximum < 0:
            raise ValueError("Backoff delays must not be negative")
        if self.factor < 1:
            raise ValueError("Backoff factor must be at least 1")

    def bound(self, failures: int) -> float:
        """The longest wait after ``failures`` failures in a row."""
        exponent = min(max(failures - 1, 0), 60)
        return float(min(self.initial * self.factor**exponent, self.maximum))

    def delay(self, failures: int, rng: random.Random | None = None) -> float:
        """A wait after ``failures`` failures in a row (jittered)."""
        return (rng or random).uniform(0, self.bound(failures))


@attrs.frozen
class FollowerStatus:
    """How far a follower is behind the notification log.

    Attributes:
        name: the follower's name (its tracking row: ``monitoring``,
            ``notify:<channel>``).
        position: the last notification id it handled (0: none).
        head: the last notification id in the log (0: empty log).
        lag: notifications not yet handled.
    """

    name: str
    position: int
    head: int
    lag: int

    def to_dict(self) -> dict[str, Any]:
        """The status as plain data (for ``--json``)."""
        return attrs.asdict(self)


class Follower(Protocol):
    """What the runner runs: one reader of the log with a tracked position."""

    name: str

    def check(self) -> None:
        """Refuse a configuration that cannot work (before the first page).

        Raises:
            PactAdapterError: what is wrong and how to fix it.
        """

    def step(self) -> int:
        """Handle at most one page after the tracked position and commit it
        with the new position; return how many notifications it handled (0:
        the follower is at the end of the log)."""

    def status(self) -> FollowerStatus:
        """The tracked position against the head of the log."""


class ViewsFollower:
    """The monitoring views as a follower (one page: ``page_size``
    notifications, committed with the views' position)."""

    def __init__(self, views: MonitoringViews, *, page_size: int = 500) -> None:
        self.views = views
        self.name = views.store.name
        self.page_size = page_size

    def check(self) -> None:
        """Nothing to check: the views' store was opened already."""

    def step(self) -> int:
        """Apply one page of the log to the views."""
        return self.views.catch_up(limit=self.page_size)

    def status(self) -> FollowerStatus:
        """The views' position against the log."""
        s = self.views.status()
        return FollowerStatus(s.name, s.position, s.head, s.lag)


class ChannelFollower:
    """One notification channel as a follower (its own position)."""

    def __init__(self, follower: Any, channel: str, *, page_size: int = 100) -> None:
        from pact_adapters.notifications._follower import tracking_name

        self.follower = follower
        self.channel = channel
        self.name = tracking_name(channel)
        self.page_size = page_size
        self.delivered = 0
        self.dead_lettered = 0

    def check(self) -> None:
        """The channel's notifier accepts its configuration."""
        self.follower.check_channel(self.channel)

    def step(self) -> int:
        """Deliver one page of the log on this channel."""
        handled, delivered, dead = self.follower.deliver_page(
            self.channel, self.page_size
        )
        self.delivered += delivered
        self.dead_lettered += dead
        return int(handled)

    def status(self) -> FollowerStatus:
        """The channel's position against the log."""
        position = self.follower.position(self.channel) or 0
        head = self.follower.app.recorder.max_notification_id() or 0
        return FollowerStatus(self.name, position, head, max(head - position, 0))


@attrs.define
class RunReport:
    """What a run did, by follower name.

    Attributes:
        handled: notifications handled.
        retries: transient faults retried.
    """

    handled: dict[str, int] = attrs.field(factory=dict)
    retries: dict[str, int] = attrs.field(factory=dict)


class FollowerRunner:
    """Runs followers until stopped (see the module's documentation).

    Args:
        followers: what to run (distinct names).
        poll_interval: seconds a follower at the end of the log waits before
            it looks again.
        backoff: waits after transient faults.
        max_polls: stop each follower after it reached the end of the log
            this many times (``None``: until stopped; 1: catch up once).
        stop: set it (a signal handler, another thread) to stop.
        max_failures: transient faults in a row after which a follower gives
            up and the run raises the last one (``None``: never).
    """

    def __init__(
        self,
        followers: Sequence[Follower],
        *,
        poll_interval: float = 1.0,
        backoff: Backoff | None = None,
        max_polls: int | None = None,
        stop: threading.Event | None = None,
        max_failures: int | None = None,
    ) -> None:
        names = [f.name for f in followers]
        if len(set(names)) != len(names):
            raise ValueError(f"followers need distinct names: {names}")
        self.followers = list(followers)
        self.poll_interval = poll_interval
        self.backoff = backoff or Backoff()
        self.max_polls = max_polls
        self.stop = stop or threading.Event()
        self.max_failures = max_failures
        self.report = RunReport()
        self._errors: list[BaseException] = []
        self._rng = random.Random()

    def status(self) -> list[FollowerStatus]:
        """Every follower's lag."""
        return [f.status() for f in self.followers]

    def run(self) -> RunReport:
        """Check every follower, then run them until stopped (or
        ``max_polls``); return what they did.

        Raises:
            PactAdapterError: a follower's configuration is refused by its
                check (nothing was run).
            Exception: a follower's non-transient error (the others were
                stopped first).
        """
        for follower in self.followers:
            follower.check()
            self.report.handled[follower.name] = 0
            self.report.retries[follower.name] = 0
        threads = [
            threading.Thread(
                target=self._loop, args=(f,), name=f"pact-follower-{f.name}"
            )
            for f in self.followers
        ]
        for t in threads:
            t.start()
        try:
            while any(t.is_alive() for t in threads):
                for t in threads:
                    t.join(0.1)  # short joins: signals reach the main thread
        except KeyboardInterrupt:
            self.stop.set()
            for t in threads:
                t.join()
        if self._errors:
            raise self._errors[0]
        return self.report

    def _loop(self, follower: Follower) -> None:
        polls = 0
        failures = 0
        name = follower.name
        while not self.stop.is_set():
            try:
                handled = follower.step()
            except Exception as e:
                if not is_transient(e) or (
                    self.max_failures is not None and failures + 1 >= self.max_failures
                ):
                    log.error("%s: stopping on %s: %s", name, type(e).__name__, e)
                    self._errors.append(e)
                    self.stop.set()
                    return
                failures += 1
                self.report.retries[name] += 1
                wait = self.backoff.delay(failures, self._rng)
                log.warning(
                    "%s: transient store fault (%s: %s); retry %d in %.3gs",
                    name,
                    type(e).__name__,
                    e,
                    failures,
                    wait,
                )
                self.stop.wait(wait)
                continue
            failures = 0
            self.report.handled[name] += handled
            if handled:
                continue
            polls += 1
            if self.max_polls is not None and polls >= self.max_polls:
                return
            self.stop.wait(self.poll_interval)


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[threading.Event]:
    """Set ``stop`` on SIGTERM or SIGINT while the block runs (in the main
    thread; elsewhere signals are left alone); the previous handlers come
    back afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def handle(_signum: int, _frame: Any) -> None:
        stop.set()

    previous: dict[signal.Signals, Any] = {}
    for sig in (signal.SIGTERM, signal.SIGINT):
        previous[sig] = signal.signal(sig, handle)
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
