"""The notification follower: delivers messages from the event history
(private; see :mod:`pact_adapters.notifications`)."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import attrs
from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, Notification, Tracking

from pact_adapters.errors import (
    ConfigError,
    PactAdapterError,
    PermanentDeliveryError,
    PluginError,
)
from pact_adapters.hookspecs import DeadLetter, DeliveryRecorder, Message, Notifier
from pact_adapters.notifications._routing import ChannelConfig, RoutingConfig
from pact_domain.serialization import converter

__all__ = [
    "DeliveryReport",
    "NotificationFollower",
    "delivery_recorder",
    "event_type_of",
    "message_from_notification",
    "tracking_name",
]

log = logging.getLogger("pact_adapters.notifications")

_ENVELOPE = {"originator_id", "originator_version", "timestamp", "originator_topic"}


def tracking_name(channel: str) -> str:
    """The name under which a channel's position is tracked in the store."""
    return f"notify:{channel}"


def event_type_of(topic: str) -> str:
    """The event type (class name) of an ``eventsourcing`` topic."""
    return topic.rpartition(":")[2].rpartition(".")[2]


def message_from_notification(
    app: Application[Any],
    notification: Notification,
    options: Mapping[str, Any] | None = None,
) -> Message:
    """The message about one stored event (decoded with the application's
    mapper, so encrypted or compressed stores work)."""
    event: Any = app.mapper.to_domain_event(notification)
    data = converter.unstructure(event)
    if not isinstance(data, dict):  # pragma: no cover - events are dataclasses
        data = {"value": data}
    data = {k: v for k, v in data.items() if k not in _ENVELOPE}
    return Message(
        id=f"{notification.originator_id}:{notification.originator_version}",
        event_type=event_type_of(notification.topic),
        topic=notification.topic,
        originator_id=event.originator_id,
        originator_version=notification.originator_version,
        notification_id=notification.id,
        recorded_at=event.timestamp,
        data=data,
        options=dict(options or {}),
    )


@attrs.define
class DeliveryReport:
    """What one pass of :meth:`NotificationFollower.deliver_pending` did.

    Attributes:
        delivered: messages delivered, by channel.
        dead_lettered: messages recorded as dead letters, by channel.
        position: each channel's position after the pass.
    """

    delivered: dict[str, int] = attrs.field(factory=dict)
    dead_lettered: dict[str, int] = attrs.field(factory=dict)
    position: dict[str, int | None] = attrs.field(factory=dict)

    @property
    def total_delivered(self) -> int:
        """Messages delivered on every channel."""
        return sum(self.delivered.values())

    @property
    def total_dead_lettered(self) -> int:
        """Dead letters recorded on every channel."""
        return sum(self.dead_lettered.values())


class _Stopped(Exception):
    """The follower was asked to stop while waiting to retry."""


@attrs.define
class _Channel:
    config: ChannelConfig
    notifier: Notifier


def _build_notifier(config: ChannelConfig, source: str) -> Notifier:
    from pact_adapters.plugins import notifier_specs

    specs = notifier_specs()
    try:
        spec = specs[config.type]
    except KeyError:
        raise ConfigError(
            source,
            f"notifiers.{config.name}.type",
            f"no plugin provides notifier type {config.type!r}",
        ) from None
    try:
        return spec.factory(config.settings)
    except PactAdapterError:
        raise
    except (ValueError, TypeError, KeyError) as e:
        raise ConfigError(source, f"notifiers.{config.name}", str(e)) from e
    except Exception as e:
        raise PluginError(
            config.type, f"building notifier {config.name!r}: {type(e).__name__}: {e}"
        ) from e


class NotificationFollower:
    """Delivers notifications of stored events to the configured channels.

    Each channel (a configured notifier) follows the store's notification log
    on its own, from a position recorded in the store: a message is
    delivered, *then* the position moves past it, so a crash at any moment
    loses nothing (at least once; the message id is the idempotency key).  A
    failed delivery is retried with exponential back-off; after the last try
    the message is recorded as a dead letter (with the new position, in one
    transaction) and the channel moves on.

    >>> from pact_adapters.notifications import NotificationFollower, RoutingConfig
    >>> from pact_adapters.stores import open_application
    >>> app = open_application("memory:")
    >>> config = RoutingConfig.from_dict({"routes": [{"events": "*", "notify": "log"}]})
    >>> NotificationFollower(app, config).deliver_pending().total_delivered
    0

    Args:
        app: the application whose events are followed.
        config: the routing configuration.
        recorder: where positions and dead letters are kept; default: the
            store's own (from its storage plugin).
        notifiers: notifier objects to use for some channels instead of
            building them from their settings (embedding, tests).
        sleep: waits between retries (default: ``time.sleep``, or the stop
            event's ``wait`` while :meth:`run` runs).
        clock: the time recorded on dead letters.
        batch_size: notifications read from the store at a time.

    Raises:
        ConfigError: a channel's settings are invalid.
        PactAdapterError: the store keeps no delivery state.
    """

    def __init__(
        self,
        app: Application[Any],
        config: RoutingConfig,
        *,
        recorder: DeliveryRecorder | None = None,
        notifiers: Mapping[str, Notifier] | None = None,
        sleep: Callable[[float], Any] | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(tz=UTC),
        batch_size: int = 100,
    ) -> None:
        self.app = app
        self.config = config
        self.recorder = recorder if recorder is not None else delivery_recorder(app)
        self._sleep = sleep
        self._clock = clock
        self.batch_size = batch_size
        given = dict(notifiers or {})
        self._channels: dict[str, _Channel] = {}
        for name, channel in config.channels.items():
            notifier = (
                given[name]
                if name in given
                else _build_notifier(channel, config.source)
            )
            self._channels[name] = _Channel(channel, notifier)
        self._stop: threading.Event | None = None

    @property
    def stop_event(self) -> threading.Event | None:
        """Set it to end waits between retries early (the runner's stop)."""
        return self._stop

    @stop_event.setter
    def stop_event(self, event: threading.Event | None) -> None:
        self._stop = event

    # -- state ----------------------------------------------------------------

    @property
    def channels(self) -> tuple[str, ...]:
        """The names of the channels followed."""
        return tuple(self._channels)

    def position(self, channel: str) -> int | None:
        """The id of the last notification a channel has handled."""
        return self.recorder.max_tracking_id(tracking_name(channel))

    def pending(self, channel: str) -> int:
        """How many notifications a channel has not looked at yet (routed to it
        or not)."""
        latest = self.app.recorder.max_notification_id() or 0
        return max(0, latest - (self.position(channel) or 0))

    def dead_letters(self, channel: str | None = None) -> list[DeadLetter]:
        """The recorded dead letters (of one channel, or all), oldest first."""
        return self.recorder.select_dead_letters(channel)

    def check_channel(self, channel: str) -> None:
        """Refuse a channel whose notifier cannot deliver as configured (its
        ``check()`` method, when it has one: a log channel whose logger has
        no handler), before anything is delivered.

        Raises:
            ConfigError: naming ``notifiers.<channel>`` and what to fix.
        """
        check = getattr(self._channels[channel].notifier, "check", None)
        if not callable(check):
            return
        try:
            check()
        except PactAdapterError as e:
            if isinstance(e, ConfigError):
                raise
            raise ConfigError(self.config.source, f"notifiers.{channel}", str(e)) from e

    def deliver_page(self, channel: str, limit: int) -> tuple[int, int, int]:
        """Deliver on one channel at most ``limit`` notifications after its
        position (the follower runner's step).

        Returns:
            How many notifications were handled (routed to the channel or
            not), delivered and dead-lettered.
        """
        report = DeliveryReport()
        handled = 0
        with contextlib.suppress(_Stopped):
            handled = self._follow(
                channel, self._channels[channel], report, limit=limit
            )
        return (
            handled,
            report.delivered.get(channel, 0),
            report.dead_lettered.get(channel, 0),
        )

    # -- delivery -------------------------------------------------------------

    def deliver_pending(self) -> DeliveryReport:
        """Deliver everything recorded so far, channel by channel.

        Returns once every channel has caught up with the notification log
        as it was when the pass reached it (retries included).
        """
        report = DeliveryReport()
        for name, channel in self._channels.items():
            try:
                self._follow(name, channel, report)
            except _Stopped:
                break
            finally:
                report.position[name] = self.position(name)
        return report

    def run(
        self, stop: threading.Event, *, poll_interval: float = 1.0
    ) -> DeliveryReport:
        """Deliver continuously until ``stop`` is set (a service's main loop).

        The channels run on the follower runner
        (:class:`pact_adapters.runner.FollowerRunner`): each on its own, with
        its own position and back-off, so a slow or failing channel never
        delays another; transient store faults are retried with back-off;
        waits between delivery retries end early when ``stop`` is set.

        Returns:
            What was done in all.

        Raises:
            ConfigError: a channel's notifier refused its configuration at
                start-up (nothing was delivered).
        """
        from pact_adapters.runner import ChannelFollower, FollowerRunner

        channels = [ChannelFollower(self, name) for name in self._channels]
        self._stop = stop
        try:
            FollowerRunner(channels, poll_interval=poll_interval, stop=stop).run()
        finally:
            self._stop = None
        total = DeliveryReport()
        for channel in channels:
            total.delivered[channel.channel] = channel.delivered
            total.dead_lettered[channel.channel] = channel.dead_lettered
            total.position[channel.channel] = self.position(channel.channel)
        return total

    def redeliver(self, letter_id: int) -> bool:
        """Try once more to deliver a dead letter; on success remove it.

        Returns:
            Whether the dead letter existed and was delivered.

        Raises:
            Exception: the notifier's error when delivery failed again (the
                dead letter stays).
        """
        for letter in self.recorder.select_dead_letters():
            if letter.id != letter_id:
                continue
            channel = self._channels.get(letter.channel)
            if channel is None:
                raise ConfigError(
                    self.config.source,
                    "notifiers",
                    f"dead letter {letter_id} is for channel {letter.channel!r}, "
                    "which this configuration does not route to",
                )
            channel.notifier.deliver(letter.message)
            self.recorder.delete_dead_letter(letter_id)
            log.info("dead letter %s delivered on %s", letter_id, letter.channel)
            return True
        return False

    def close(self) -> None:
        """Close the notifiers that have a ``close`` method."""
        for channel in self._channels.values():
            close = getattr(channel.notifier, "close", None)
            if callable(close):
                close()

    # -- internals ------------------------------------------------------------

    def _notifications(
        self, after: int | None, limit: int | None = None
    ) -> Iterator[list[Notification]]:
        start = after
        while True:
            page = self.app.recorder.select_notifications(
                start=start,
                limit=limit or self.batch_size,
                inclusive_of_start=start is None,
            )
            if not page:
                return
            yield list(page)
            start = page[-1].id

    def _follow(
        self,
        name: str,
        channel: _Channel,
        report: DeliveryReport,
        *,
        limit: int | None = None,
    ) -> int:
        key = tracking_name(name)
        position = self.recorder.max_tracking_id(key)
        report.delivered.setdefault(name, 0)
        report.dead_lettered.setdefault(name, 0)
        count = 0
        for page in self._notifications(position, limit):
            handled = position
            count += len(page)
            for notification in page:
                options = self.config.options_for(
                    name, event_type_of(notification.topic)
                )
                if options is None:
                    handled = notification.id
                    continue
                message = message_from_notification(self.app, notification, options)
                letter = self._deliver(name, channel, message)
                tracking = Tracking(key, notification.id)
                if letter is None:
                    self._advance(tracking)
                    report.delivered[name] += 1
                else:
                    self._record_dead_letter(letter, tracking)
                    report.dead_lettered[name] += 1
                handled = position = notification.id
            if handled is not None and handled != position:
                self._advance(Tracking(key, handled))
                position = handled
            if limit is not None:
                break
        return count

    def _advance(self, tracking: Tracking) -> None:
        try:
            self.recorder.insert_tracking(tracking)
        except IntegrityError:
            log.warning(
                "position %s of %s was already passed (is another follower "
                "running on this channel?)",
                tracking.notification_id,
                tracking.application_name,
            )

    def _record_dead_letter(self, letter: DeadLetter, tracking: Tracking) -> None:
        try:
            self.recorder.insert_dead_letter(letter, tracking)
        except IntegrityError:
            log.warning(
                "dead letter for %s not recorded: position %s of %s was already "
                "passed (is another follower running on this channel?)",
                letter.message.id,
                tracking.notification_id,
                tracking.application_name,
            )

    def _wait(self, seconds: float) -> None:
        if self._sleep is not None:
            self._sleep(seconds)
        elif self._stop is not None:
            if self._stop.wait(seconds):
                raise _Stopped
        else:
            time.sleep(seconds)

    def _deliver(
        self, name: str, channel: _Channel, message: Message
    ) -> DeadLetter | None:
        """Deliver with retries; return the dead letter if it failed."""
        policy = channel.config.retry
        attempt = 0
        while True:
            attempt += 1
            try:
                channel.notifier.deliver(message)
            except PermanentDeliveryError as e:
                error: Exception = e
                break
            except Exception as e:
                error = e
                if attempt >= policy.attempts:
                    break
                delay = policy.delay(attempt)
                log.warning(
                    "%s: delivering %s (%s) failed (attempt %d of %d): %s; "
                    "trying again in %.3gs",
                    name,
                    message.id,
                    message.event_type,
                    attempt,
                    policy.attempts,
                    e,
                    delay,
                )
                if self._stop is not None and self._stop.is_set():
                    raise _Stopped from None
                self._wait(delay)
            else:
                log.debug("%s: delivered %s", name, message.id)
                return None
        log.error(
            "%s: %s (%s) is a dead letter after %d attempt(s): %s",
            name,
            message.id,
            message.event_type,
            attempt,
            error,
        )
        return DeadLetter(
            channel=name,
            message=message,
            error=f"{type(error).__name__}: {error}",
            attempts=attempt,
            failed_at=self._clock(),
        )


def delivery_recorder(app: Application[Any]) -> DeliveryRecorder:
    """The delivery state (positions, dead letters) of an application's store,
    from its storage plugin.

    Raises:
        PactAdapterError: no storage plugin keeps delivery state for it.
    """
    from pact_adapters.stores import store_spec_for_application

    spec = store_spec_for_application(app)
    if spec is None or spec.delivery_recorder is None:
        module = type(app.factory).__module__
        raise PactAdapterError(
            f"the store of this application ({module}) keeps no notification "
            "delivery state: no storage plugin provides a delivery recorder for it"
        )
    return spec.delivery_recorder(app)
