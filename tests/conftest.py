"""Shared test configuration.

The fixtures (``pact_app``, ``pact_sqlite_app``, ``pact_sqlite_path``,
``pact_clock``, ``pact_scenario``, ``given_when_then``) and the Hypothesis
profiles (``pact-fast``, ``pact-ci``) come from the pytest plugin that
pact-domain ships, :mod:`pact_domain.testing.pytest_plugin`, active through
its ``pytest11`` entry point.
"""
