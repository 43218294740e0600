"""Performance benchmarks of pact-domain against raw SQLite and plain
``eventsourcing`` (see ``docs/benchmarks.md``)."""
