"""Adapters of pact-domain: pluggy hooks, storage, notifications, reports and the CLI."""
