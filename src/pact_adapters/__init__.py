"""Adapters of pact-domain: pluggy hooks, storage, notifications and the CLI."""
