"""Notifications: stored events delivered to logs, webhooks and mailboxes.

A :class:`NotificationFollower` reads the store's notification log and
delivers a :class:`~pact_adapters.hookspecs.Message` for each event that the
:class:`RoutingConfig` sends somewhere.  Each channel's position is recorded
in the store after each delivery, so a crash loses nothing: delivery is at
least once, and each message's ``id`` (``"<aggregate id>:<version>"``) is the
idempotency key.  Failed deliveries are retried with exponential back-off
(:class:`RetryPolicy`) and recorded as dead letters after the last try.

The built-in notifier types are plugins: ``log``
(:mod:`~pact_adapters.notifications.log`), ``webhook``
(:mod:`~pact_adapters.notifications.webhook`) and ``email``
(:mod:`~pact_adapters.notifications.email`).  See ``docs/notifications.md``.
"""

from pact_adapters.notifications._follower import (
    DeliveryReport,
    NotificationFollower,
    delivery_recorder,
    event_type_of,
    message_from_notification,
    tracking_name,
)
from pact_adapters.notifications._routing import (
    ChannelConfig,
    RetryPolicy,
    Route,
    RoutingConfig,
)

__all__ = [
    "ChannelConfig",
    "DeliveryReport",
    "NotificationFollower",
    "RetryPolicy",
    "Route",
    "RoutingConfig",
    "delivery_recorder",
    "event_type_of",
    "message_from_notification",
    "tracking_name",
]
