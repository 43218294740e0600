"""Hook specifications of pact-adapters: the contract every adapter implements.

An adapter is a *plugin*: a module (or object) with functions marked
``@hookimpl`` whose names are the hook names below, registered through the
``pact_adapters`` entry-point group of its distribution::

    # pyproject.toml of the adapter's distribution
    [project.entry-points.pact_adapters]
    crm = "pact_crm_adapter"

    # pact_crm_adapter/__init__.py
    from pact_adapters.hookspecs import NotifierSpec, hookimpl

    @hookimpl
    def pact_register_notifiers():
        return [NotifierSpec(name="crm", description="...", factory=CrmNotifier)]

The built-in adapters (memory, SQLite and PostgreSQL stores; log, webhook and
e-mail notifiers) are plugins registered exactly this way, by pact-domain's own
entry points.

The hooks come in families, each hook prefixed ``pact_``:

* **storage** — :func:`pact_register_stores` contributes :class:`StoreSpec`
  objects: URL schemes and how to build ``eventsourcing`` settings from a URL;
* **notifications** — :func:`pact_register_notifiers` contributes
  :class:`NotifierSpec` objects: a notifier type and the factory of
  :class:`Notifier` objects that ``deliver`` :class:`Message` objects;
* **reporting outputs** — :func:`pact_register_report_formats` contributes
  :class:`ReportFormatSpec` objects: a name, file extension, media type and a
  ``render(report, portfolio) -> bytes`` function;
* **configuration** — :func:`pact_resolve_secret` turns a secret reference
  (``env:NAME``, ``file:/path``, or a scheme of the plugin's own such as
  ``vault:...``) into the secret (first answer wins);
* **lifecycle** — :func:`pact_startup` is called once, after every plugin has
  been loaded.

Everything a plugin author needs is in this module: the markers, the hook
specifications, the spec types and the protocols.  The conformance test kit
is :mod:`pact_adapters.testing`; the guide is ``docs/adapters.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable
from uuid import UUID

import attrs
import pluggy
from eventsourcing.persistence import Tracking

if TYPE_CHECKING:
    from eventsourcing.application import Application

    from pact_domain.monitoring import ViewStore

__all__ = [
    "PROJECT",
    "DeadLetter",
    "DeliveryRecorder",
    "Message",
    "Notifier",
    "NotifierSpec",
    "ReportFormatSpec",
    "StoreSpec",
    "Tracking",
    "hookimpl",
    "hookspec",
    "pact_register_notifiers",
    "pact_register_report_formats",
    "pact_register_stores",
    "pact_resolve_secret",
    "pact_startup",
]

PROJECT = "pact_adapters"
"""The pluggy project name, which is also the entry-point group."""

hookspec = pluggy.HookspecMarker(PROJECT)
"""Marks a hook specification (used in this module only)."""

hookimpl = pluggy.HookimplMarker(PROJECT)
"""Marks a hook implementation in a plugin: ``@hookimpl`` above a function
named after the hook."""

_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]+$")
_EXTENSION = re.compile(r"^[a-z0-9][a-z0-9.]*$")
_MEDIA_TYPE = re.compile(r"^[a-z0-9.+-]+/[a-z0-9.+-]+(\s*;.*)?$", re.IGNORECASE)


def _name(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _NAME.match(value):
        raise ValueError(
            f"{attribute.name} {value!r} must be lowercase letters, digits, "
            "'.', '_' or '-'"
        )


def _schemes(
    _: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]
) -> None:
    if not value:
        raise ValueError("schemes must name at least one URL scheme")
    for scheme in value:
        if not isinstance(scheme, str) or not _SCHEME.match(scheme):
            raise ValueError(
                f"scheme {scheme!r} must be a lowercase URL scheme of two or more "
                "characters, without ':'"
            )


def _tuple(value: Iterable[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _extension(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _EXTENSION.match(value):
        raise ValueError(
            f"extension {value!r} must be lowercase, without a leading dot (e.g. 'csv')"
        )


def _media_type(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _MEDIA_TYPE.match(value):
        raise ValueError(f"media_type {value!r} must look like 'type/subtype'")


def _callable(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not callable(value):
        raise ValueError(f"{attribute.name} must be callable, not {value!r}")


# -- storage ------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class DeadLetter:
    """A message that a notifier failed to deliver after its last try.

    Dead letters are stored with the store's delivery state, listed with
    ``pact notify dead-letters`` and delivered again with ``pact notify
    redeliver``.

    Attributes:
        id: the dead letter's number in the store (``None`` before it is
            recorded).
        channel: the configured notifier that failed (its name in the routing
            configuration).
        message: the message that was not delivered.
        error: the last error, in words.
        attempts: how many times delivery was tried.
        failed_at: when the last try failed (UTC).
    """

    id: int | None = None
    channel: str
    message: Message
    error: str
    attempts: int
    failed_at: datetime

    def to_dict(self) -> dict[str, Any]:
        """The dead letter as JSON-ready data."""
        return {
            "id": self.id,
            "channel": self.channel,
            "message": self.message.to_dict(),
            "error": self.error,
            "attempts": self.attempts,
            "failed_at": self.failed_at.isoformat(),
        }


@runtime_checkable
class DeliveryRecorder(Protocol):
    """Where a store keeps the delivery state of notifications.

    A store adapter provides one (see :attr:`StoreSpec.delivery_recorder`) so
    that the notification follower's positions and dead letters live in the
    same store as the events: a table in the SQLite file, tables in the
    PostgreSQL schema, dictionaries in memory.  ``eventsourcing``'s tracking
    recorders already provide the first two methods.
    """

    def max_tracking_id(self, application_name: str) -> int | None:
        """The last notification id recorded for ``application_name`` (one
        position per notifier channel), or ``None`` if none was."""
        ...

    def insert_tracking(self, tracking: Tracking) -> None:
        """Record a new position; raise
        :class:`eventsourcing.persistence.IntegrityError` if it is not after
        the recorded one."""
        ...

    def insert_dead_letter(self, letter: DeadLetter, tracking: Tracking) -> int:
        """Record a dead letter and the new position in one transaction;
        return the dead letter's id."""
        ...

    def select_dead_letters(self, channel: str | None = None) -> list[DeadLetter]:
        """The recorded dead letters (of one channel, or all), oldest first."""
        ...

    def delete_dead_letter(self, letter_id: int) -> bool:
        """Remove a dead letter (after it was delivered again); return whether
        it existed."""
        ...


@attrs.frozen(kw_only=True)
class StoreSpec:
    """A kind of event store, named by URL scheme.

    Attributes:
        name: the store's name, e.g. ``"postgresql"``.
        schemes: the URL schemes it handles (without ``:``), e.g.
            ``("postgresql", "postgres")``.
        description: one line for ``pact plugins``.
        env: builds the ``eventsourcing`` environment settings (such as
            ``PERSISTENCE_MODULE``, ``POSTGRES_DBNAME``) from a store URL;
            raises :class:`~pact_adapters.errors.StoreURLError` for a
            malformed URL.  It must not connect to anything.
        persistence_module: the ``eventsourcing`` persistence module the
            settings select (e.g. ``"eventsourcing.postgres"``); used to find
            the spec of an already open application.
        example: an example URL, for messages and docs.
        paths: whether a plain file path (a store name with no scheme) is for
            this store; only the default store (SQLite) says so.
        persistent: whether what is stored outlives the application object
            (false for the in-memory store).
        delivery_recorder: opens the notification delivery state
            (:class:`DeliveryRecorder`) of an application on this store;
            ``None`` if the store keeps none (notifications then cannot be
            followed on it).
        view_store: opens the monitoring views' store
            (:class:`~pact_domain.monitoring.ViewStore`) of an application on
            this store, beside its events (rows and position committed in one
            transaction); ``None`` if the store keeps none (``pact views``
            then refuses, ``pact report`` folds the log in memory).
    """

    name: str = attrs.field(validator=_name)
    schemes: tuple[str, ...] = attrs.field(converter=_tuple, validator=_schemes)
    description: str
    env: Callable[[str], Mapping[str, str]] = attrs.field(validator=_callable)
    persistence_module: str
    example: str
    paths: bool = False
    persistent: bool = True
    delivery_recorder: Callable[[Application[Any]], DeliveryRecorder] | None = None
    view_store: Callable[[Application[Any]], ViewStore] | None = None


# -- notifications ------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Message:
    """One notification about one stored event, as a notifier receives it.

    Attributes:
        id: the idempotency key, ``"<originator_id>:<originator_version>"``:
            the same event always gives the same key, in every store and on
            every redelivery, so a receiver can drop duplicates (delivery is
            at least once).
        event_type: the event's class name, e.g. ``"KpiReported"`` (what the
            routing configuration's globs match).
        topic: the event's full ``eventsourcing`` topic.
        originator_id: the aggregate (partnership, organisation) concerned.
        originator_version: the event's version in that aggregate.
        notification_id: the event's position in the store's notification log.
        recorded_at: when the event was recorded (UTC).
        data: the event's fields as JSON-ready data (actor, effective_at and
            the fields of the event type).
        options: options of the matching routes (e.g. extra e-mail
            recipients); see ``docs/notifications.md``.
    """

    id: str
    event_type: str
    topic: str
    originator_id: UUID
    originator_version: int
    notification_id: int
    recorded_at: datetime
    data: Mapping[str, Any]
    options: Mapping[str, Any] = attrs.field(factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The message as JSON-ready data (the inverse of :meth:`from_dict`)."""
        return {
            "id": self.id,
            "event_type": self.event_type,
            "topic": self.topic,
            "originator_id": str(self.originator_id),
            "originator_version": self.originator_version,
            "notification_id": self.notification_id,
            "recorded_at": self.recorded_at.isoformat(),
            "data": dict(self.data),
            "options": dict(self.options),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Message:
        """Rebuild a message from :meth:`to_dict` data."""
        return cls(
            id=data["id"],
            event_type=data["event_type"],
            topic=data["topic"],
            originator_id=UUID(str(data["originator_id"])),
            originator_version=int(data["originator_version"]),
            notification_id=int(data["notification_id"]),
            recorded_at=datetime.fromisoformat(data["recorded_at"]),
            data=dict(data["data"]),
            options=dict(data.get("options") or {}),
        )

    def to_cloudevent(
        self, *, source: str = "urn:pact-domain", type_prefix: str = "pact."
    ) -> dict[str, Any]:
        """The message as a CloudEvents 1.0 event in structured JSON form.

        Args:
            source: the CloudEvents ``source`` (a URI reference naming the
                system that recorded the event).
            type_prefix: put before the event type to make the CloudEvents
                ``type`` (e.g. ``"pact.KpiReported"``).
        """
        return {
            "specversion": "1.0",
            "id": self.id,
            "source": source,
            "type": f"{type_prefix}{self.event_type}",
            "subject": str(self.originator_id),
            "time": self.recorded_at.isoformat().replace("+00:00", "Z"),
            "datacontenttype": "application/json",
            "data": dict(self.data),
        }


@runtime_checkable
class Notifier(Protocol):
    """Something that delivers messages somewhere (a log, a URL, a mailbox).

    ``deliver`` returns once the receiver has accepted the message, and raises
    when it did not: :class:`~pact_adapters.errors.DeliveryError` (or any
    ``Exception``) to have the follower try again later,
    :class:`~pact_adapters.errors.PermanentDeliveryError` when trying again
    cannot help.  It must not swallow failures: the follower only moves past
    a message when ``deliver`` returned.  A notifier may also have a
    ``close()`` method, called when the follower stops.
    """

    def deliver(self, message: Message) -> None:
        """Deliver one message, or raise."""
        ...


@attrs.frozen(kw_only=True)
class NotifierSpec:
    """A type of notifier that the routing configuration can name.

    Attributes:
        name: the type name used in the routing configuration
            (``type = "webhook"``), and the name of a default instance that
            routes may name without configuring it.
        description: one line for ``pact plugins``.
        factory: builds a :class:`Notifier` from its settings (the TOML/JSON
            table of the configured notifier, less ``type`` and ``retry``);
            raises ``ValueError`` (or
            :class:`~pact_adapters.errors.ConfigError`) for a bad setting.
    """

    name: str = attrs.field(validator=_name)
    description: str
    factory: Callable[[Mapping[str, Any]], Notifier] = attrs.field(validator=_callable)


# -- reporting outputs --------------------------------------------------------


@attrs.frozen(kw_only=True)
class ReportFormatSpec:
    """An output format of monitoring reports (JSON, CSV, XLSX, IATI...).

    Attributes:
        name: the format's name, e.g. ``"csv"`` (``pact report --format``).
        extension: the file extension, without the dot, e.g. ``"csv"``.
        media_type: the media type of the output, e.g. ``"text/csv"``.
        description: one line for ``pact plugins``.
        render: ``render(report, portfolio) -> bytes``: the whole output file
            for one monitoring report (``report``, a partnership's annual
            monitoring report) in the context of the portfolio across
            partnerships (``portfolio``, or ``None`` when not wanted).  It
            must not write anywhere itself.
    """

    name: str = attrs.field(validator=_name)
    extension: str = attrs.field(validator=_extension)
    media_type: str = attrs.field(validator=_media_type)
    description: str
    render: Callable[[Any, Any], bytes] = attrs.field(validator=_callable)


# -- hook specifications ------------------------------------------------------


@hookspec
def pact_register_stores() -> Iterable[StoreSpec]:
    """Contribute kinds of event store.

    Called once per plugin when the store registry is first needed
    (:func:`pact_adapters.plugins.store_specs`).  Two plugins must not claim
    the same scheme, except that a third-party plugin may replace a
    built-in one.

    Returns:
        The :class:`StoreSpec` of each store the plugin provides.
    """
    raise NotImplementedError


@hookspec
def pact_register_notifiers() -> Iterable[NotifierSpec]:
    """Contribute types of notifier.

    Called once per plugin when the notifier registry is first needed
    (:func:`pact_adapters.plugins.notifier_specs`).  Names must be unique,
    except that a third-party plugin may replace a built-in one.

    Returns:
        The :class:`NotifierSpec` of each notifier type the plugin provides.
    """
    raise NotImplementedError


@hookspec
def pact_register_report_formats() -> Iterable[ReportFormatSpec]:
    """Contribute output formats of monitoring reports.

    Called once per plugin when the format registry is first needed
    (:func:`pact_adapters.plugins.report_formats`).  Names must be unique,
    except that a third-party plugin may replace a built-in one.

    Returns:
        The :class:`ReportFormatSpec` of each format the plugin provides.
    """
    raise NotImplementedError


@hookspec(firstresult=True)
def pact_resolve_secret(reference: str) -> str | None:
    """Resolve a secret reference from a configuration file.

    Settings that hold secrets (a webhook's ``secret``, an SMTP
    ``password``) may give a reference instead of the secret: the built-in
    resolver understands ``env:NAME`` (an environment variable) and
    ``file:/path`` (a file's content, stripped); a plugin can add its own
    schemes (``vault:...``).  The first plugin that answers wins; plugins
    are asked last-registered first, the built-in resolver last of all.

    Args:
        reference: the setting's value, e.g. ``"env:PACT_WEBHOOK_SECRET"``.

    Returns:
        The secret, or ``None`` if this plugin does not handle the
        reference's scheme (a value no plugin handles is used as it is).
    """
    raise NotImplementedError


@hookspec
def pact_startup(manager: pluggy.PluginManager) -> None:
    """Called once, after every plugin has been loaded and registered.

    A plugin can check its own configuration here (and raise to refuse to
    start) or look at the other plugins.  Exceptions become a
    :class:`~pact_adapters.errors.PluginError` naming the plugin.

    Args:
        manager: the plugin manager that loaded the plugins.
    """
    raise NotImplementedError
