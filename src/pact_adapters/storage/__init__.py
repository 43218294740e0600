"""The built-in storage adapters, each a plugin of its own.

* :mod:`pact_adapters.storage.memory` — ``memory:``;
* :mod:`pact_adapters.storage.sqlite` — plain paths and ``sqlite:///path``
  (the default store);
* :mod:`pact_adapters.storage.postgres` — ``postgresql://...``.

Each contributes a :class:`~pact_adapters.hookspecs.StoreSpec` through
:func:`~pact_adapters.hookspecs.pact_register_stores` and keeps the
notification delivery state (positions and dead letters) in its own store.
"""
