"""Opening the monitoring views of an application on any store.

The storage plugin that handles the application's store says where its views
live (:attr:`~pact_adapters.hookspecs.StoreSpec.view_store`): in memory for
``memory:``, a table of the SQLite file, a table of the PostgreSQL schema — in
each case beside the events, rows and position committed together.
:func:`open_views` is what ``pact views`` and ``pact report`` use::

    app = open_application("postgresql://pact@db/pact?schema=pact")
    views = open_views(app)
    views.catch_up()
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.application import Application

from pact_adapters.stores import store_spec_for_application
from pact_domain.errors import InvalidValueError
from pact_domain.monitoring import MonitoringViews, ViewStore

__all__ = ["open_views", "view_store_for"]


def view_store_for(app: Application[UUID]) -> ViewStore:
    """The view store the application's storage plugin provides.

    Raises:
        InvalidValueError: the store's plugin provides no view store.
    """
    spec = store_spec_for_application(app)
    if spec is None or spec.view_store is None:
        kind = type(app.recorder).__name__ if spec is None else spec.name
        raise InvalidValueError(
            "MonitoringViews",
            "store",
            f"the {kind} store needs a view store: its storage plugin provides "
            "none (StoreSpec.view_store)",
        )
    return spec.view_store(app)


def open_views(
    app: Application[UUID], store: ViewStore | None = None, **options: Any
) -> MonitoringViews:
    """The monitoring views of ``app``, in ``store`` or, by default, in the
    view store of the application's storage plugin (:func:`view_store_for`).

    Args:
        app: the application whose notification log the views follow.
        store: the view store to use instead of the plugin's.
        options: further arguments of :class:`MonitoringViews`
            (``page_size``, ``update_after_save``, ``clock``).

    Raises:
        InvalidValueError: no store given and the plugin provides none.
    """
    return MonitoringViews(
        app, store=store if store is not None else view_store_for(app), **options
    )
