"""The conformance test kit: test suites an adapter runs against itself.

Each suite is a pytest class to subclass once per adapter, giving it the
fixtures it asks for (the way ``eventsourcing``'s recorder tests are
subclassed once per database)::

    # tests/test_conformance.py of your adapter's distribution
    import pytest
    from pact_adapters.testing import NotifierConformance

    class TestCrmNotifier(NotifierConformance):
        notifier_type = "crm"              # the NotifierSpec name you register

        @pytest.fixture
        def receiver(self):                # a Receiver: what got through
            with FakeCrm() as crm:
                yield crm

        @pytest.fixture
        def notifier(self, receiver):      # your Notifier, aimed at it
            return CrmNotifier(url=receiver.url)

The suites:

* :class:`StoreConformance` — fixture ``store_url``: round trip, optimistic
  concurrency (a conflicting save raises ``IntegrityError``, a command
  retries), notification log order, tracked positions and dead letters, and
  notification delivery from the store;
* :class:`NotifierConformance` — fixtures ``notifier`` and ``receiver``:
  delivers, in order, with the idempotency key; failures raise, so the
  follower retries and delivers once the receiver recovers, or records a
  dead letter;
* :class:`ViewStoreConformance` — fixture ``view_store`` (a fresh, empty
  :class:`~pact_domain.monitoring.ViewStore`): rows and position committed
  together or not at all, a stale position refused, deletes, order, clear;
* :class:`ReportFormatConformance` — fixture ``report_format`` (and
  optionally ``sample_report`` / ``sample_portfolio``): renders bytes,
  deterministically, and declares its extension and media type.

Also here, for adapters' own tests: :func:`sample_message`, real local
receivers (:class:`WebhookReceiver`, an HTTP server; :class:`SMTPReceiver`,
an SMTP server, needs ``aiosmtpd``) and :func:`postgres_store` (a PostgreSQL
store URL on a schema of its own, dropped afterwards; needs ``psycopg``).
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar, Protocol, runtime_checkable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import attrs
import pytest
from eventsourcing.persistence import IntegrityError, Tracking

from pact_adapters.hookspecs import (
    DeadLetter,
    DeliveryRecorder,
    Message,
    Notifier,
    ReportFormatSpec,
    StoreSpec,
)
from pact_adapters.notifications import (
    NotificationFollower,
    RoutingConfig,
)
from pact_adapters.plugins import notifier_specs, report_formats
from pact_adapters.stores import open_application, store_spec_for_url
from pact_domain.application import PactApplication
from pact_domain.events import EventMeta
from pact_domain.organisation import Organisation

__all__ = [
    "NotifierConformance",
    "Receiver",
    "ReportFormatConformance",
    "SMTPReceiver",
    "StoreConformance",
    "ViewStoreConformance",
    "WebhookReceiver",
    "eventually",
    "postgres_store",
    "sample_message",
    "sample_organisation_row",
]

ACTOR = "conformance@pact.example"


def sample_message(number: int = 1, **changes: Any) -> Message:
    """A realistic message (a KPI report) for notifier tests; ``number``
    makes the idempotency key and position differ."""
    originator_id = uuid.UUID(int=0x5AC7 << 64 | number)
    message = Message(
        id=f"{originator_id}:{number}",
        event_type="KpiReported",
        topic="pact_domain.partnership.commitments:KpiReported",
        originator_id=originator_id,
        originator_version=number,
        notification_id=number,
        recorded_at=datetime(2025, 3, 3, 9, number % 60, tzinfo=UTC),
        data={
            "actor": ACTOR,
            "effective_at": "2024-12-31T00:00:00+00:00",
            "report_id": str(uuid.UUID(int=number)),
            "kpi_id": str(uuid.UUID(int=0xC0FFEE)),
            "period": {"start": "2024-01-01", "end": "2024-12-31"},
            "value": str(100 * number),
            "text": "",
            "breakdowns": [],
            "reported_by": None,
            "source": "administrative",
        },
        options={},
    )
    return attrs.evolve(message, **changes) if changes else message


def eventually(
    check: Callable[[], bool], timeout: float = 5.0, interval: float = 0.01
) -> bool:
    """Whether ``check()`` becomes true within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        if check():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)


class _CollectingNotifier:
    """Remembers every message delivered (for the store suite)."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    def deliver(self, message: Message) -> None:
        self.messages.append(message)


# -- stores ---------------------------------------------------------------------


class StoreConformance:
    """The contract of a storage adapter.

    Give a ``store_url`` fixture naming a fresh, empty store (a new file, a
    new schema); everything else is derived from it through the plugin
    registry, so your plugin must be installed (or registered with
    :func:`pact_adapters.plugins.register_plugin`).
    """

    @pytest.fixture
    def store_url(self) -> str:
        """A URL of a fresh, empty store: override in the subclass."""
        raise NotImplementedError("give the suite a store_url fixture")

    @pytest.fixture
    def spec(self, store_url: str) -> StoreSpec:
        """The store spec the registry routes the URL to."""
        return store_spec_for_url(store_url)

    @pytest.fixture
    def app(self, store_url: str) -> Iterator[PactApplication]:
        """The application on the store."""
        app = open_application(store_url)
        yield app
        app.close()

    @contextlib.contextmanager
    def other_app(
        self, app: PactApplication, spec: StoreSpec, store_url: str
    ) -> Iterator[PactApplication]:
        """A second application on the same store (another process would do
        the same); the same one for a store that is not persistent."""
        if not spec.persistent:
            yield app
            return
        other = open_application(store_url)
        try:
            yield other
        finally:
            other.close()

    def register(self, app: PactApplication, name: str = "Acme Training") -> uuid.UUID:
        """Register an organisation (one event)."""
        return app.register_organisation(
            name=name,
            stakeholder_type="vet_provider",
            size="small",
            country="DE",
            actor=ACTOR,
        )

    def test_url_is_routed_to_the_spec(
        self, store_url: str, spec: StoreSpec, app: PactApplication
    ) -> None:
        """The URL's scheme (or a plain path) selects the spec, and the spec's
        persistence module is the one the application runs on."""
        scheme = store_url.partition(":")[0].lower()
        assert spec.paths or scheme in spec.schemes
        assert type(app.factory).__module__ == spec.persistence_module
        assert spec.description.strip()
        assert dict(spec.env(spec.example))["PERSISTENCE_MODULE"]

    def test_round_trip(
        self, app: PactApplication, spec: StoreSpec, store_url: str
    ) -> None:
        """What one application stores, another reads back the same."""
        org_id = self.register(app, "Round Trip Academy")
        app.update_organisation(org_id, name="Round Trip Academy Europe", actor=ACTOR)
        with self.other_app(app, spec, store_url) as other:
            org = other.get_organisation(org_id)
            assert org.name == "Round Trip Academy Europe"
            assert org.version == 2
            assert [type(e).__name__ for e in other.history(org_id)] == [
                "OrganisationRegistered",
                "OrganisationDetailsUpdated",
            ]
            assert other.history(org_id) == app.history(org_id)

    def test_conflicting_save_raises_integrity_error(
        self, app: PactApplication
    ) -> None:
        """Two writers that loaded the same version: the second save raises
        ``IntegrityError`` and stores nothing."""
        org_id = self.register(app)
        first: Organisation = app.repository.get(org_id)
        second: Organisation = app.repository.get(org_id)
        first.update(meta=EventMeta(actor=ACTOR), name="First Writer")
        second.update(meta=EventMeta(actor=ACTOR), name="Second Writer")
        app.save(first)
        with pytest.raises(IntegrityError):
            app.save(second)
        assert app.get_organisation(org_id).name == "First Writer"
        assert app.get_organisation(org_id).version == 2

    def test_command_retries_after_a_concurrent_write(
        self, app: PactApplication, spec: StoreSpec, store_url: str
    ) -> None:
        """A command whose save conflicts reloads and runs again: neither
        write is lost."""
        org_id = self.register(app)
        runs = 0
        with self.other_app(app, spec, store_url) as other:

            def command(org: Organisation, _others: Mapping[str, Any]) -> None:
                nonlocal runs
                runs += 1
                if runs == 1:  # another writer gets there first
                    other.update_organisation(org_id, region="DE30", actor=ACTOR)
                org.update(meta=EventMeta(actor=ACTOR), name="Retried")

            app._execute(Organisation, org_id, command)
        org = app.get_organisation(org_id)
        assert runs == 2
        assert (org.name, org.region, org.version) == ("Retried", "DE30", 3)

    def test_notification_log_is_in_recording_order(self, app: PactApplication) -> None:
        """Notifications have increasing ids in the order events were
        recorded, across aggregates, and can be paged and filtered."""
        start = (app.recorder.max_notification_id() or 0) + 1
        a = self.register(app, "Alpha Skills")
        b = self.register(app, "Beta Skills")
        app.update_organisation(a, name="Alpha Skills 2", actor=ACTOR)
        app.update_organisation(b, name="Beta Skills 2", actor=ACTOR)
        app.sign_charter(a, signed_on=date(2025, 1, 1), actor=ACTOR)
        page = app.recorder.select_notifications(start, 10)
        expected = [(a, 1), (b, 1), (a, 2), (b, 2), (a, 3)]
        assert [(n.originator_id, n.originator_version) for n in page] == expected
        ids = [n.id for n in page]
        assert ids == sorted(ids)
        assert len(set(ids)) == len(ids)
        assert app.recorder.max_notification_id() == ids[-1]
        rest = app.recorder.select_notifications(ids[1], 10, inclusive_of_start=False)
        assert [n.id for n in rest] == ids[2:]
        charter = [t for t in {n.topic for n in page} if t.endswith(":CharterSigned")]
        only = app.recorder.select_notifications(start, 10, topics=charter)
        assert [n.id for n in only] == [ids[4]]

    def _recorder(self, spec: StoreSpec, app: PactApplication) -> DeliveryRecorder:
        if spec.delivery_recorder is None:
            pytest.skip(f"the {spec.name} store keeps no delivery state")
        recorder = spec.delivery_recorder(app)
        assert isinstance(recorder, DeliveryRecorder)
        return recorder

    def test_tracked_position_only_moves_forward_and_persists(
        self, app: PactApplication, spec: StoreSpec, store_url: str
    ) -> None:
        """Each name has its own position; it never goes back, and a new
        application on the store sees it."""
        recorder = self._recorder(spec, app)
        name = f"conformance-{uuid.uuid4().hex[:8]}"
        assert recorder.max_tracking_id(name) is None
        recorder.insert_tracking(Tracking(name, 3))
        recorder.insert_tracking(Tracking(name, 7))
        with contextlib.suppress(IntegrityError):
            recorder.insert_tracking(Tracking(name, 5))
        assert recorder.max_tracking_id(name) == 7
        assert recorder.max_tracking_id(name + "-other") is None
        with self.other_app(app, spec, store_url) as other:
            assert self._recorder(spec, other).max_tracking_id(name) == 7

    def test_dead_letters_are_recorded_with_the_position(
        self, app: PactApplication, spec: StoreSpec, store_url: str
    ) -> None:
        """A dead letter and the new position are recorded together, listed
        by channel, kept for other applications, and removable."""
        recorder = self._recorder(spec, app)
        channel = f"conformance-{uuid.uuid4().hex[:8]}"
        letter = DeadLetter(
            channel=channel,
            message=sample_message(4),
            error="DeliveryError: HTTP 503",
            attempts=5,
            failed_at=datetime(2025, 3, 3, 10, 0, tzinfo=UTC),
        )
        letter_id = recorder.insert_dead_letter(letter, Tracking(channel, 4))
        assert recorder.max_tracking_id(channel) == 4
        with self.other_app(app, spec, store_url) as other:
            found = self._recorder(spec, other).select_dead_letters(channel)
        assert found == [attrs.evolve(letter, id=letter_id)]
        assert letter_id in [x.id for x in recorder.select_dead_letters()]
        assert recorder.select_dead_letters(channel + "-other") == []
        assert recorder.delete_dead_letter(letter_id) is True
        assert recorder.delete_dead_letter(letter_id) is False
        assert recorder.select_dead_letters(channel) == []

    def test_dead_letter_is_not_recorded_without_its_position(
        self, app: PactApplication, spec: StoreSpec
    ) -> None:
        """If the position cannot move (another follower passed it), the dead
        letter is not recorded either: one transaction."""
        recorder = self._recorder(spec, app)
        channel = f"conformance-{uuid.uuid4().hex[:8]}"
        recorder.insert_tracking(Tracking(channel, 9))
        letter = DeadLetter(
            channel=channel,
            message=sample_message(5),
            error="DeliveryError: timeout",
            attempts=1,
            failed_at=datetime(2025, 3, 3, 10, 0, tzinfo=UTC),
        )
        with pytest.raises(IntegrityError):
            recorder.insert_dead_letter(letter, Tracking(channel, 5))
        assert recorder.select_dead_letters(channel) == []
        assert recorder.max_tracking_id(channel) == 9

    def test_follower_delivers_each_event_once_across_restarts(
        self, app: PactApplication, spec: StoreSpec, store_url: str
    ) -> None:
        """A follower on the store delivers every event in order with its
        idempotency key; a new follower (after a restart) starts where the
        last one stopped."""
        self._recorder(spec, app)
        config = RoutingConfig.from_dict(
            {"routes": [{"events": ["Organisation*", "Charter*"], "notify": ["c"]}]},
            known_types=["c"],
        )
        first = _CollectingNotifier()
        a = self.register(app, "Follower Academy")
        app.sign_charter(a, signed_on=date(2025, 1, 1), actor=ACTOR)
        NotificationFollower(app, config, notifiers={"c": first}).deliver_pending()
        assert [m.id for m in first.messages] == [f"{a}:1", f"{a}:2"]
        assert [m.event_type for m in first.messages] == [
            "OrganisationRegistered",
            "CharterSigned",
        ]
        assert first.messages[0].data["name"] == "Follower Academy"
        app.update_organisation(a, name="Follower Academy 2", actor=ACTOR)
        second = _CollectingNotifier()
        with self.other_app(app, spec, store_url) as other:
            follower = NotificationFollower(other, config, notifiers={"c": second})
            report = follower.deliver_pending()
        assert [m.id for m in second.messages] == [f"{a}:3"]
        assert report.delivered == {"c": 1}


# -- notifiers --------------------------------------------------------------------


@runtime_checkable
class Receiver(Protocol):
    """The far side of a notifier under test, as the notifier suite sees it."""

    def received(self) -> list[str]:
        """The idempotency keys of the messages accepted so far, in order
        (read from what actually arrived: a header, a field, a line)."""
        ...

    def fail(self) -> None:
        """Refuse deliveries (as a receiver that is down would) until
        :meth:`recover`."""
        ...

    def recover(self) -> None:
        """Accept deliveries again."""
        ...


class NotifierConformance:
    """The contract of a notifier.

    Give two fixtures: ``receiver`` (a :class:`Receiver`) and ``notifier``
    (your :class:`~pact_adapters.hookspecs.Notifier`, delivering to that
    receiver).  Set ``notifier_type`` to the name your plugin registers, to
    check the registration too, and ``can_fail = False`` if your receiver
    cannot refuse deliveries (then the failure tests are skipped).
    """

    notifier_type: ClassVar[str | None] = None
    can_fail: ClassVar[bool] = True

    @pytest.fixture
    def receiver(self) -> Receiver:
        """The receiver: override in the subclass."""
        raise NotImplementedError("give the suite a receiver fixture")

    @pytest.fixture
    def notifier(self, receiver: Receiver) -> Notifier:
        """The notifier, aimed at ``receiver``: override in the subclass."""
        raise NotImplementedError("give the suite a notifier fixture")

    def _needs_failure(self) -> None:
        if not self.can_fail:
            pytest.skip("this receiver cannot refuse deliveries")

    def test_notifier_type_is_registered(self, notifier: Notifier) -> None:
        """The plugin registers the notifier type, and the notifier has the
        ``deliver`` method of the protocol."""
        assert isinstance(notifier, Notifier)
        if self.notifier_type is not None:
            spec = notifier_specs()[self.notifier_type]
            assert spec.description.strip()
            assert callable(spec.factory)

    def test_delivers_a_message_with_its_idempotency_key(
        self, notifier: Notifier, receiver: Receiver
    ) -> None:
        """A delivered message reaches the receiver carrying its key."""
        message = sample_message(1)
        notifier.deliver(message)
        assert eventually(lambda: receiver.received() == [message.id])

    def test_delivers_messages_in_order(
        self, notifier: Notifier, receiver: Receiver
    ) -> None:
        """Messages arrive in the order they were delivered."""
        messages = [sample_message(n) for n in (1, 2, 3)]
        for message in messages:
            notifier.deliver(message)
        assert eventually(lambda: receiver.received() == [m.id for m in messages])

    def test_a_refused_delivery_raises(
        self, notifier: Notifier, receiver: Receiver
    ) -> None:
        """When the receiver refuses, ``deliver`` raises (so the follower
        retries) and nothing counts as received; after recovery it works."""
        self._needs_failure()
        receiver.fail()
        with pytest.raises(Exception):  # noqa: B017, PT011 - any error will do
            notifier.deliver(sample_message(1))
        assert receiver.received() == []
        receiver.recover()
        notifier.deliver(sample_message(1))
        assert eventually(lambda: receiver.received() == [sample_message(1).id])

    def _follower(
        self,
        notifier: Notifier,
        *,
        attempts: int,
        sleep: Callable[[float], Any],
    ) -> tuple[PactApplication, NotificationFollower]:
        app = open_application("memory:")
        config = RoutingConfig.from_dict(
            {
                "notifiers": {"subject": {"type": "subject"}},
                "retry": {"attempts": attempts, "initial_delay": 0.001},
                "routes": [{"events": ["*"], "notify": ["subject"]}],
            },
            known_types=["subject"],
        )
        follower = NotificationFollower(
            app, config, notifiers={"subject": notifier}, sleep=sleep
        )
        return app, follower

    def _record(self, app: PactApplication) -> list[str]:
        org_id = app.register_organisation(
            name="Notifier Academy",
            stakeholder_type="vet_provider",
            size="small",
            country="DE",
            actor=ACTOR,
        )
        app.sign_charter(org_id, signed_on=date(2025, 1, 1), actor=ACTOR)
        return [f"{org_id}:1", f"{org_id}:2"]

    def test_follower_retries_until_the_receiver_recovers(
        self, notifier: Notifier, receiver: Receiver
    ) -> None:
        """The follower retries a refused delivery with back-off and
        delivers once the receiver is back: nothing lost, no dead letter."""
        self._needs_failure()
        waits: list[float] = []

        def sleep(seconds: float) -> None:
            waits.append(seconds)
            if len(waits) == 2:
                receiver.recover()

        app, follower = self._follower(notifier, attempts=5, sleep=sleep)
        keys = self._record(app)
        receiver.fail()
        report = follower.deliver_pending()
        assert eventually(lambda: receiver.received() == keys)
        assert report.delivered == {"subject": 2}
        assert follower.dead_letters() == []
        assert len(waits) == 2
        assert waits[1] > waits[0]

    def test_follower_records_a_dead_letter_after_the_last_try(
        self, notifier: Notifier, receiver: Receiver
    ) -> None:
        """After the last try the message becomes a dead letter and the
        follower moves on; redelivering it later works."""
        self._needs_failure()
        app, follower = self._follower(notifier, attempts=2, sleep=lambda _: None)
        keys = self._record(app)
        receiver.fail()
        report = follower.deliver_pending()
        assert report.dead_lettered == {"subject": 2}
        letters = follower.dead_letters("subject")
        assert [x.message.id for x in letters] == keys
        assert all(x.attempts == 2 and x.error for x in letters)
        assert follower.position("subject") == app.recorder.max_notification_id()
        receiver.recover()
        for letter in letters:
            assert letter.id is not None
            assert follower.redeliver(letter.id) is True
        assert eventually(lambda: receiver.received() == keys)
        assert follower.dead_letters() == []


# -- report formats ---------------------------------------------------------------


def sample_organisation_row(name: str = "Acme Training", number: int = 1) -> Any:
    """An organisation row of the monitoring read model (for view stores)."""
    from pact_domain.monitoring.records import OrganisationRow
    from pact_domain.vocabularies import Ecosystem, OrganisationSize, StakeholderType

    return OrganisationRow(
        id=uuid.UUID(int=number),
        name=name,
        stakeholder_type=StakeholderType.VET_PROVIDER,
        size=OrganisationSize.SMALL,
        country="DE",
        region=None,
        ecosystems=(Ecosystem.DIGITAL,),
        registered_at=datetime(2025, 3, 3, tzinfo=UTC),
    )


class ViewStoreConformance:
    """The contract of a :class:`~pact_domain.monitoring.ViewStore`.

    Give a ``view_store`` fixture: a fresh, empty view store of your
    backend (a new file, a new schema).
    """

    @pytest.fixture
    def view_store(self) -> Any:
        """A fresh, empty view store: override in the subclass."""
        raise NotImplementedError("give the suite a view_store fixture")

    def test_a_new_store_is_empty(self, view_store: Any) -> None:
        """No position, no rows."""
        assert view_store.position() is None
        assert view_store.rows("organisation") == []
        assert view_store.get_row("organisation", "", "x") is None
        assert view_store.get_encoded("organisation", "", "x") is None

    def test_commit_writes_rows_and_position_together(self, view_store: Any) -> None:
        """A committed row reads back equal, as a row and encoded; the position
        moves to the tracking's notification id."""
        from eventsourcing.persistence import Tracking

        from pact_domain.monitoring.store import decode_row

        row = sample_organisation_row()
        view_store.commit(
            {("organisation", "", "a"): row},
            Tracking(view_store.name, 3),
            after=None,
        )
        assert view_store.position() == 3
        assert view_store.get_row("organisation", "", "a") == row
        encoded = view_store.get_encoded("organisation", "", "a")
        assert decode_row("organisation", encoded) == row

    def test_a_stale_position_is_refused_and_nothing_is_written(
        self, view_store: Any
    ) -> None:
        """A batch computed from another position raises IntegrityError and
        leaves rows and position as they were."""
        from eventsourcing.persistence import IntegrityError, Tracking

        view_store.commit({}, Tracking(view_store.name, 2), after=None)
        with pytest.raises(IntegrityError):
            view_store.commit(
                {("organisation", "", "a"): sample_organisation_row()},
                Tracking(view_store.name, 5),
                after=1,
            )
        assert view_store.position() == 2
        assert view_store.get_row("organisation", "", "a") is None

    def test_rows_are_ordered_by_group_and_key_and_none_deletes(
        self, view_store: Any
    ) -> None:
        """Rows come back ordered by group then key; ``None`` deletes a row."""
        from eventsourcing.persistence import Tracking

        rows = {
            ("organisation", "g2", "a"): sample_organisation_row("C", 3),
            ("organisation", "g1", "b"): sample_organisation_row("B", 2),
            ("organisation", "g1", "a"): sample_organisation_row("A", 1),
        }
        view_store.commit(rows, Tracking(view_store.name, 1), after=None)
        names = [r.name for r in view_store.rows("organisation")]
        assert names == ["A", "B", "C"]
        assert [r.name for r in view_store.rows("organisation", "g1")] == ["A", "B"]
        view_store.commit(
            {("organisation", "g1", "a"): None}, Tracking(view_store.name, 2), after=1
        )
        assert [r.name for r in view_store.rows("organisation")] == ["B", "C"]
        assert view_store.position() == 2

    def test_encoded_rows_are_taken_when_the_store_says_so(
        self, view_store: Any
    ) -> None:
        """A store with ``encoded_rows`` takes :func:`encode_row`'s bytes in
        place of a row (others are never given bytes)."""
        from eventsourcing.persistence import Tracking

        from pact_domain.monitoring.store import encode_row

        row = sample_organisation_row()
        value = encode_row("organisation", row) if view_store.encoded_rows else row
        view_store.commit(
            {("organisation", "", "a"): value}, Tracking(view_store.name, 1), after=None
        )
        assert view_store.get_row("organisation", "", "a") == row

    def test_clear_forgets_rows_and_position(self, view_store: Any) -> None:
        """After ``clear`` the store is as new, and a commit from no position
        is accepted again."""
        from eventsourcing.persistence import Tracking

        view_store.commit(
            {("organisation", "", "a"): sample_organisation_row()},
            Tracking(view_store.name, 4),
            after=None,
        )
        view_store.clear()
        assert view_store.position() is None
        assert view_store.rows("organisation") == []
        view_store.commit({}, Tracking(view_store.name, 1), after=None)
        assert view_store.position() == 1


class ReportFormatConformance:
    """The contract of a report output format.

    Give a ``report_format`` fixture (your
    :class:`~pact_adapters.hookspecs.ReportFormatSpec`); override
    ``sample_report`` and ``sample_portfolio`` to render real ones.  Set
    ``registered = False`` if the format is not registered through a plugin.
    """

    registered: ClassVar[bool] = True

    @pytest.fixture
    def report_format(self) -> ReportFormatSpec:
        """The format under test: override in the subclass."""
        raise NotImplementedError("give the suite a report_format fixture")

    @pytest.fixture
    def sample_report(self) -> Any:
        """A monitoring report to render (plain data by default)."""
        return {
            "partnership": {"id": str(uuid.UUID(int=1)), "name": "Sample LSP"},
            "as_of": "2025-12-31",
            "members": 21,
            "countries": ["DE", "DK", "NL"],
            "kpis": [
                {
                    "name": "People trained",
                    "unit": "people",
                    "target": "1000",
                    "latest": "640",
                    "progress": "0.64",
                }
            ],
        }

    @pytest.fixture
    def sample_portfolio(self) -> Any:
        """The portfolio context of the report (plain data by default)."""
        return {"partnerships": 11, "average_members": 21, "countries": [8, 16]}

    def test_declares_name_extension_and_media_type(
        self, report_format: ReportFormatSpec
    ) -> None:
        """The spec has a name, an extension without a dot, a media type and
        a description; a registered format is found by its name."""
        assert report_format.name
        assert not report_format.extension.startswith(".")
        assert "/" in report_format.media_type
        assert report_format.description.strip()
        if self.registered:
            assert report_formats()[report_format.name] == report_format

    def test_renders_bytes(
        self, report_format: ReportFormatSpec, sample_report: Any, sample_portfolio: Any
    ) -> None:
        """Rendering a report gives the bytes of a whole file; a text format
        gives UTF-8."""
        output = report_format.render(sample_report, sample_portfolio)
        assert isinstance(output, bytes)
        assert output
        media = report_format.media_type.split(";")[0].strip().lower()
        if media.startswith("text/") or media.endswith(("json", "xml", "csv")):
            output.decode("utf-8")

    def test_renders_without_a_portfolio(
        self, report_format: ReportFormatSpec, sample_report: Any
    ) -> None:
        """``portfolio`` may be ``None``."""
        output = report_format.render(sample_report, None)
        assert isinstance(output, bytes)
        assert output

    def test_rendering_is_deterministic(
        self, report_format: ReportFormatSpec, sample_report: Any, sample_portfolio: Any
    ) -> None:
        """The same report renders to the same bytes (reproducible files)."""
        first = report_format.render(sample_report, sample_portfolio)
        second = report_format.render(sample_report, sample_portfolio)
        assert first == second


# -- receivers for tests ----------------------------------------------------------


@attrs.frozen
class ReceivedRequest:
    """One HTTP request the :class:`WebhookReceiver` got."""

    path: str
    headers: Mapping[str, str]
    body: bytes
    status: int

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)


class WebhookReceiver:
    """A real HTTP server on 127.0.0.1 (a free port) that records POSTs.

    It answers 204, or ``fail_status`` while failing: :meth:`fail` fails
    until :meth:`recover`; :meth:`fail_next` fails the next *n* requests.
    ``received()`` gives the CloudEvent ids of the accepted requests.
    """

    def __init__(self, fail_status: int = 500) -> None:
        self.fail_status = fail_status
        self.requests: list[ReceivedRequest] = []
        self._failing = False
        self._fail_count = 0
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                status = receiver._status()
                with receiver._lock:
                    receiver.requests.append(
                        ReceivedRequest(self.path, dict(self.headers), body, status)
                    )
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self._thread = threading.Thread(
            target=self.server.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
        )

    def _status(self) -> int:
        with self._lock:
            if self._failing:
                return self.fail_status
            if self._fail_count > 0:
                self._fail_count -= 1
                return self.fail_status
            return 204

    @property
    def url(self) -> str:
        """The URL to POST to."""
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/events"

    def __enter__(self) -> WebhookReceiver:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(5)

    def accepted(self) -> list[ReceivedRequest]:
        """The requests answered with a 2xx status."""
        with self._lock:
            return [r for r in self.requests if 200 <= r.status < 300]

    def received(self) -> list[str]:
        """The CloudEvent ids of the accepted requests, in order."""
        return [r.json()["id"] for r in self.accepted()]

    def fail(self) -> None:
        """Answer ``fail_status`` until :meth:`recover`."""
        with self._lock:
            self._failing = True

    def fail_next(self, count: int) -> None:
        """Answer ``fail_status`` to the next ``count`` requests."""
        with self._lock:
            self._fail_count = count

    def recover(self) -> None:
        """Answer 204 again."""
        with self._lock:
            self._failing = False
            self._fail_count = 0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class SMTPReceiver:
    """A real SMTP server (``aiosmtpd``) on 127.0.0.1 that records mail.

    It accepts mail, or answers ``fail_code`` (451, a temporary failure, by
    default) while failing: :meth:`fail` until :meth:`recover`;
    :meth:`fail_next` for the next *n* messages.  ``received()`` gives the
    ``X-Pact-Idempotency-Key`` of each accepted e-mail.
    """

    def __init__(self, fail_code: int = 451) -> None:
        from aiosmtpd.controller import Controller

        self.fail_code = fail_code
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.attempts = 0
        self._failing = False
        self._fail_count = 0
        self._lock = threading.Lock()
        receiver = self

        class Handler:
            async def handle_DATA(
                self, server: Any, session: Any, envelope: Any
            ) -> str:
                with receiver._lock:
                    receiver.attempts += 1
                    failing = receiver._failing or receiver._fail_count > 0
                    if receiver._fail_count > 0:
                        receiver._fail_count -= 1
                    if failing:
                        return f"{receiver.fail_code} Try again later"
                    receiver.messages.append(
                        (
                            list(envelope.rcpt_tos),
                            message_from_bytes(
                                envelope.original_content, policy=policy.default
                            ),
                        )
                    )
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=_free_port())

    def __enter__(self) -> SMTPReceiver:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()

    @property
    def host(self) -> str:
        """The server's address."""
        return str(self.controller.hostname)

    @property
    def port(self) -> int:
        """The server's port."""
        return int(self.controller.port)

    def received(self) -> list[str]:
        """The idempotency keys of the accepted e-mails, in order."""
        with self._lock:
            return [str(mail["X-Pact-Idempotency-Key"]) for _, mail in self.messages]

    def fail(self) -> None:
        """Answer ``fail_code`` until :meth:`recover`."""
        with self._lock:
            self._failing = True

    def fail_next(self, count: int) -> None:
        """Answer ``fail_code`` to the next ``count`` messages."""
        with self._lock:
            self._fail_count = count

    def recover(self) -> None:
        """Accept mail again."""
        with self._lock:
            self._failing = False
            self._fail_count = 0


# -- PostgreSQL ---------------------------------------------------------------------


@contextlib.contextmanager
def postgres_store(base_url: str, prefix: str = "pact_test") -> Iterator[str]:
    """A PostgreSQL store URL on a new schema of its own, dropped afterwards.

    Tests running at the same time on one server do not see each other's
    tables.  Fails (it does not skip) when the server cannot be reached.

    Args:
        base_url: ``postgresql://user@host:port/dbname`` of a database the
            tests may create schemas in.
        prefix: the start of the schema's name.
    """
    import psycopg

    from pact_adapters.storage.postgres import postgres_env

    env = postgres_env(base_url)
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    conninfo = {
        "host": env["POSTGRES_HOST"],
        "port": env["POSTGRES_PORT"],
        "user": env["POSTGRES_USER"],
        "password": env["POSTGRES_PASSWORD"] or None,
        "dbname": env["POSTGRES_DBNAME"],
        "connect_timeout": 5,
        "autocommit": True,
    }
    try:
        conn = psycopg.connect(**conninfo)  # type: ignore[arg-type]
    except psycopg.OperationalError as e:
        pytest.fail(
            f"PostgreSQL is not reachable at {base_url}: {e}".strip()
            + " — start it (e.g. pg_ctlcluster --skip-systemctl-redirect "
            "15 main start) or set PACT_TEST_POSTGRES_URL",
            pytrace=False,
        )
    with conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    parts = urlsplit(base_url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "schema"]
    query.append(("schema", schema))
    url = urlunsplit(parts._replace(query=urlencode(query)))
    try:
        yield url
    finally:
        with psycopg.connect(**conninfo) as conn:  # type: ignore[arg-type]
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
